// What the public link page says for each way opening a link can fail. A link that no longer
// works gets a page of its own (heading and explanation), not a form error.

/** A link that cannot be opened any more, or never could. */
export interface DeadLink {
  title: string;
  text: string;
}

/** The dead-link page for an error code, or undefined when the code is not about the link itself. */
export function deadLinkFor(code: string): DeadLink | undefined {
  switch (code) {
    case 'LINK_EXPIRED':
      return { title: 'This link has expired', text: 'Whoever shared it set an end date, and it has passed. Ask them for a new link.' };
    case 'LINK_EXHAUSTED':
      return { title: 'This link has been used up', text: 'It allowed a set number of downloads, and they have all been used. Ask whoever shared it for a new link.' };
    case 'LINK_REVOKED':
      return { title: 'This link was turned off', text: 'Whoever shared it has revoked it. Ask them for a new link if you still need the file.' };
    case 'NOT_FOUND':
      return { title: 'No such link', text: 'Nothing is shared under this address. Check that the whole link was copied.' };
    case 'INVALID_LINK':
      return { title: 'This link is incomplete', text: 'The part after “#” holds the key and seems to be missing or cut off. Copy the whole link again.' };
    default:
      return undefined;
  }
}

/** The message for a password that did not open the link. */
export const WRONG_PASSWORD_TEXT = 'Wrong password. Check it and try again.';
