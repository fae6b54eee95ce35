import { useEffect } from 'react';

export const PRODUCT_NAME = 'Vigil';

/** Sets `document.title` to "<title> · Vigil" while the calling screen is shown. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · ${PRODUCT_NAME}` : PRODUCT_NAME;
  }, [title]);
}
