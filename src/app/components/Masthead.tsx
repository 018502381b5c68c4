/** The page's title, and its promise: the model runs on this device and the person's files stay in the browser. */
export function Masthead({ modelName, ownModel, onHelp }: { modelName?: string; ownModel: boolean; onHelp: () => void }) {
  return (
    <header className="masthead">
      <h1>What does the network look at?</h1>
      <p className="tagline">
        <span data-testid="model-name">{modelName ?? 'The model'}</span>, on this device: your images{ownModel ? ' and your model' : ''} never leave the browser.
        {' '}<button type="button" className="link-button" onClick={onHelp} aria-keyshortcuts="?">Shortcuts (?)</button>
      </p>
    </header>
  );
}
