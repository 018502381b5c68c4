interface Props {
  notices: string[];
  error?: string;
  onDismiss: (notice: string) => void;
}

/** Problems with the input or the link, said plainly; what is on screen stays. */
export function Notices({ notices, error, onDismiss }: Props) {
  if (notices.length === 0 && !error) return null;
  return (
    <section className="notices" aria-label="Notices">
      {error && <p role="alert" className="notice error" data-testid="job-error">{error} The previous image and maps are kept.</p>}
      {notices.map((notice) => (
        <p key={notice} className="notice" data-testid="notice">
          {notice} <button type="button" onClick={() => onDismiss(notice)} aria-label={`Dismiss: ${notice}`}>×</button>
        </p>
      ))}
    </section>
  );
}
