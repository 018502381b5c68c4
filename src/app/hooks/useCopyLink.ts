import { useState } from 'react';

/**
 * Copies the page's link, and says what it carries: a link opens only what it can name, so the
 * person's own image and model are not in it.
 */
export function useCopyLink({ ownImage, ownModel }: { ownImage: boolean; ownModel: boolean }) {
  const [feedback, setFeedback] = useState<string>();
  const copyLink = async () => {
    const privateInput = (ownImage ? ' It opens the default example: your own image never leaves this browser.' : '')
      + (ownModel ? ' It opens the bundled model: your own model\'s files never leave this browser.' : '');
    try {
      await navigator.clipboard.writeText(location.href);
      setFeedback(`Link copied.${privateInput}`);
    } catch {
      setFeedback(`Copying is not allowed here; the link is the address in the address bar.${privateInput}`);
    }
  };
  return { copyLink, feedback };
}
