/**
 * The Coffre mark: a strongbox door with its dial. Drawn inline so the header needs no image
 * request, and hidden from assistive technology because the product name sits beside it.
 */
export function BrandMark() {
  return (
    <svg
      className="coffre-brand__mark"
      viewBox="0 0 32 32"
      width="32"
      height="32"
      aria-hidden="true"
      focusable="false"
    >
      <rect x="3" y="3" width="26" height="26" rx="5" fill="none" stroke="currentColor" strokeWidth="2.5" />
      <circle cx="16" cy="16" r="6.5" fill="none" stroke="currentColor" strokeWidth="2.5" />
      <path d="M16 9.5v3M16 19.5v3M9.5 16h3M19.5 16h3" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}
