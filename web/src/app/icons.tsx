import type { ReactNode, SVGProps } from 'react';

/**
 * A small hand-drawn stroke icon set (24×24 grid), so the app needs no icon package.
 * Icons are decorative: they are hidden from assistive technology and always sit next to text
 * or inside a control that has its own accessible name.
 */
export type IconProps = Omit<SVGProps<SVGSVGElement>, 'children'> & { size?: number };

function icon(paths: ReactNode) {
  return function Icon({ size = 18, strokeWidth = 1.8, ...rest }: IconProps) {
    return (
      <svg
        xmlns="http://www.w3.org/2000/svg"
        width={size}
        height={size}
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={strokeWidth}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        focusable="false"
        {...rest}
      >
        {paths}
      </svg>
    );
  };
}

export const IconShield = icon(<path d="M12 3l7 3v5c0 4.5-3 8.3-7 10-4-1.7-7-5.5-7-10V6l7-3z" />);
export const IconShieldCheck = icon(
  <>
    <path d="M12 3l7 3v5c0 4.5-3 8.3-7 10-4-1.7-7-5.5-7-10V6l7-3z" />
    <path d="M9 12l2 2 4-4" />
  </>,
);
export const IconGauge = icon(
  <>
    <path d="M4 18a8 8 0 1 1 16 0" />
    <path d="M12 18l4-6" />
    <path d="M8 18h8" />
  </>,
);
export const IconBox = icon(
  <>
    <path d="M12 3l8 4.5v9L12 21l-8-4.5v-9L12 3z" />
    <path d="M4 7.5l8 4.5 8-4.5" />
    <path d="M12 12v9" />
  </>,
);
export const IconList = icon(
  <>
    <path d="M6 3h9l4 4v14H6z" />
    <path d="M9 11h7M9 15h7M9 7h3" />
  </>,
);
export const IconBug = icon(
  <>
    <rect x="8" y="7" width="8" height="12" rx="4" />
    <path d="M9.5 7a2.5 2.5 0 0 1 5 0" />
    <path d="M4 10h4M16 10h4M4 16h4M16 16h4M12 11v8" />
  </>,
);
export const IconChecklist = icon(
  <>
    <path d="M4 6l1.5 1.5L8 5M4 12l1.5 1.5L8 11M4 18l1.5 1.5L8 17" />
    <path d="M11 6h9M11 12h9M11 18h9" />
  </>,
);
export const IconAlert = icon(
  <>
    <path d="M12 4l9 16H3l9-16z" />
    <path d="M12 10v4M12 17h.01" />
  </>,
);
export const IconClock = icon(
  <>
    <circle cx="12" cy="12" r="8.5" />
    <path d="M12 7.5V12l3 2" />
  </>,
);
export const IconMessage = icon(
  <>
    <path d="M4 5h16v11H9l-5 4z" />
    <path d="M8 9h8M8 12h5" />
  </>,
);
export const IconFileText = icon(
  <>
    <path d="M6 3h8l4 4v14H6z" />
    <path d="M14 3v4h4" />
    <path d="M9 12h6M9 16h6" />
  </>,
);
export const IconClipboardCheck = icon(
  <>
    <rect x="5" y="4.5" width="14" height="16.5" rx="2" />
    <path d="M9 4.5V3h6v1.5" />
    <path d="M9 13l2 2 4-4" />
  </>,
);
export const IconDevices = icon(
  <>
    <rect x="3" y="4" width="13" height="10" rx="1.5" />
    <path d="M7 18h5M9.5 14v4" />
    <rect x="17" y="9" width="4" height="11" rx="1" />
  </>,
);
export const IconRss = icon(
  <>
    <path d="M5 19h.01" />
    <path d="M5 13a6 6 0 0 1 6 6" />
    <path d="M5 7a12 12 0 0 1 12 12" />
  </>,
);
export const IconTarget = icon(
  <>
    <circle cx="12" cy="12" r="8.5" />
    <circle cx="12" cy="12" r="4.5" />
    <circle cx="12" cy="12" r="0.8" />
  </>,
);
export const IconHourglass = icon(
  <>
    <path d="M7 3h10M7 21h10" />
    <path d="M8 3c0 5 8 5 8 9s-8 4-8 9M16 3c0 5-8 5-8 9s8 4 8 9" />
  </>,
);
export const IconContract = icon(
  <>
    <path d="M6 3h8l4 4v14H6z" />
    <path d="M9 9h4M9 12h6" />
    <path d="M9 17c1-1.5 2-1.5 3 0s2 1.5 3 0" />
  </>,
);
export const IconForm = icon(
  <>
    <rect x="4" y="3" width="16" height="18" rx="2" />
    <rect x="7.5" y="7" width="3" height="3" rx="0.5" />
    <path d="M13 8.5h4" />
    <rect x="7.5" y="13" width="3" height="3" rx="0.5" />
    <path d="M13 14.5h4" />
  </>,
);
export const IconStairs = icon(<path d="M4 20h4v-4h4v-4h4V8h4" />);
export const IconChart = icon(
  <>
    <path d="M4 20h16" />
    <path d="M7 16v-5M12 16V6M17 16v-8" />
  </>,
);
export const IconSchool = icon(
  <>
    <path d="M2.5 9L12 4.5 21.5 9 12 13.5z" />
    <path d="M6.5 11v5c2.5 2.5 8.5 2.5 11 0v-5" />
  </>,
);
export const IconReport = icon(
  <>
    <path d="M6 3h12v18H6z" />
    <path d="M9 16v-3M12 16v-6M15 16v-4" />
  </>,
);
export const IconBuilding = icon(
  <>
    <path d="M4 21V5l8-2v18M12 8h8v13" />
    <path d="M3 21h18M7.5 8h1M7.5 12h1M7.5 16h1M15.5 12h1M15.5 16h1" />
  </>,
);
export const IconUsers = icon(
  <>
    <circle cx="9" cy="8" r="3.5" />
    <path d="M2.5 20c0-3.6 2.9-6 6.5-6s6.5 2.4 6.5 6" />
    <path d="M16 4.6a3.5 3.5 0 0 1 0 6.8M18.5 14.4c1.8.8 3 2.9 3 5.6" />
  </>,
);
export const IconKey = icon(
  <>
    <circle cx="8" cy="15" r="4.5" />
    <path d="M11.2 11.8L20 3M16 7l2.5 2.5M18.5 4.5L21 7" />
  </>,
);
export const IconHistory = icon(
  <>
    <path d="M3.5 12a8.5 8.5 0 1 0 2.5-6" />
    <path d="M3 4v4h4" />
    <path d="M12 8v4l3 2" />
  </>,
);
export const IconActivity = icon(<path d="M3 12h4l3-8 4 16 3-8h4" />);
export const IconCopy = icon(
  <>
    <rect x="8" y="8" width="12" height="12" rx="2" />
    <path d="M16 8V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h2" />
  </>,
);
export const IconCheck = icon(<path d="M5 12.5l4.5 4.5L19 7.5" />);
export const IconX = icon(<path d="M6 6l12 12M18 6L6 18" />);
export const IconChevronDown = icon(<path d="M6 9l6 6 6-6" />);
export const IconChevronRight = icon(<path d="M9 6l6 6-6 6" />);
export const IconLogout = icon(
  <>
    <path d="M14 4h4a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-4" />
    <path d="M10 16l-4-4 4-4M6 12h10" />
  </>,
);
export const IconUser = icon(
  <>
    <circle cx="12" cy="8" r="4" />
    <path d="M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7" />
  </>,
);
export const IconPlus = icon(<path d="M12 5v14M5 12h14" />);
export const IconTrash = icon(
  <>
    <path d="M4 7h16M10 11v6M14 11v6" />
    <path d="M6 7l1 13h10l1-13M9 7V4h6v3" />
  </>,
);
export const IconLock = icon(
  <>
    <rect x="5" y="10.5" width="14" height="10" rx="2" />
    <path d="M8 10.5V7a4 4 0 0 1 8 0v3.5" />
  </>,
);
export const IconInfo = icon(
  <>
    <circle cx="12" cy="12" r="8.5" />
    <path d="M12 11v5M12 8h.01" />
  </>,
);
export const IconMail = icon(
  <>
    <rect x="3" y="5" width="18" height="14" rx="2" />
    <path d="M3.5 6.5L12 13l8.5-6.5" />
  </>,
);
export const IconRefresh = icon(
  <>
    <path d="M20 11a8 8 0 0 0-14.9-3M4 5v3h3" />
    <path d="M4 13a8 8 0 0 0 14.9 3M20 19v-3h-3" />
  </>,
);
export const IconBook = icon(
  <>
    <path d="M4 5a2 2 0 0 1 2-2h13v16H6a2 2 0 0 0-2 2z" />
    <path d="M4 19V5M8 7h7" />
  </>,
);
