import { useState } from 'react';
import { useSearchParams } from 'react-router';

/**
 * State mirrored in the address's query string, so a filtered screen can be bookmarked and
 * linked to. The component's own state is what it renders: the address follows it (a
 * navigation settles later, and a field bound to it directly would lose keystrokes), and
 * is read back only when it changes from outside — a link or the browser's back button.
 */
export function useUrlState<T>(parse: (params: URLSearchParams) => T, serialize: (value: T) => Record<string, string>): [T, (next: T) => void] {
  const [params, setParams] = useSearchParams();
  const current = params.toString();
  const [value, setValue] = useState(() => parse(params));
  const [written, setWritten] = useState(current);
  const [seen, setSeen] = useState(current);
  if (current !== seen) {
    setSeen(current);
    if (current !== written) setValue(parse(params));
  }
  const update = (next: T) => {
    const query = serialize(next);
    setValue(next);
    setWritten(new URLSearchParams(query).toString());
    setParams(query, { replace: true });
  };
  return [value, update];
}
