import { useCallback, useEffect, useMemo, useState } from 'react';
import { DEFAULT_EXAMPLE_ID, EXAMPLES, findExample } from '../shared/examples.ts';
import { METHODS } from '../shared/methods.ts';
import { MODEL_SIZE } from '../shared/preprocess.ts';
import { rgbToRgba } from '../shared/render.ts';
import { renderMaps, type RenderOptions } from '../shared/render-maps.ts';
import { modelDirectory, parseUrlState, serializeUrlState } from '../shared/url-state.ts';
import { nextView, stepExample } from './commands.ts';
import { HelpDialog } from './components/HelpDialog.tsx';
import { InputBar } from './components/InputBar.tsx';
import { Legend } from './components/Legend.tsx';
import { MapPanel } from './components/MapPanel.tsx';
import { Notices } from './components/Notices.tsx';
import { PixelCanvas } from './components/PixelCanvas.tsx';
import { StatusBar } from './components/StatusBar.tsx';
import { TopClasses } from './components/TopClasses.tsx';
import { ViewControls } from './components/ViewControls.tsx';
import { npyBlob, saveBlob } from './download.ts';
import { pickImage, useWindowImageInput, type PickedImage } from './hooks/useImageInput.ts';
import { useKeyboardCommands } from './hooks/useKeyboardCommands.ts';
import { useLabels } from './hooks/useLabels.ts';
import { useSaliency } from './hooks/useSaliency.ts';
import { selectedClass } from './state/session.ts';

const CLASS_COUNT = 1001;

export function App() {
  const initial = useMemo(() => parseUrlState(location.search, { exampleIds: EXAMPLES.map((e) => e.id), classCount: CLASS_COUNT }), []);
  const labels = useLabels(modelDirectory(initial.state));
  const [options, setOptions] = useState<RenderOptions>({ view: initial.state.view, scale: initial.state.scale, overlay: initial.state.overlay });
  const [notices, setNotices] = useState<string[]>(initial.notices);
  const { session, analyze, explain } = useSaliency({ modelDirectory: modelDirectory(initial.state), backend: initial.state.backend, passes: initial.state.passes });
  const { shown, job } = session;
  const className = useCallback((index: number) => labels?.[index] ?? `class ${index}`, [labels]);
  const addNotice = useCallback((message: string) => setNotices((all) => [...all.filter((m) => m !== message), message]), []);

  const openExample = useCallback(async (id: string, classIndex?: number) => {
    const example = findExample(id);
    if (!example) return addNotice(`There is no example called ${JSON.stringify(id)}.`);
    try {
      const response = await fetch(`${import.meta.env.BASE_URL}examples/${example.file}`);
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      analyze(await response.blob(), { name: `example: ${example.title}`, exampleId: id }, classIndex);
    } catch (error) {
      addNotice(`Could not load the example ${example.file}: ${(error as Error).message}`);
    }
  }, [analyze, addNotice]);

  const openFile = useCallback(({ file, notice }: PickedImage) => {
    if (notice) addNotice(notice);
    analyze(file, { name: file.name || 'pasted image' });
  }, [analyze, addNotice]);

  const dragging = useWindowImageInput(openFile, addNotice);

  useEffect(() => {
    void openExample(initial.state.example ?? DEFAULT_EXAMPLE_ID, initial.state.classIndex);
  }, [initial, openExample]);

  const currentInput = job?.input ?? shown?.input;
  const classIndex = selectedClass(session);
  useEffect(() => {
    const exampleId = currentInput?.exampleId;
    const search = serializeUrlState({
      ...options,
      example: exampleId,
      classIndex: exampleId ? classIndex : undefined,
      backend: initial.state.backend,
      passes: initial.state.passes,
      model: initial.state.model,
    });
    if (search !== location.search) history.replaceState(null, '', `${location.pathname}${search}`);
  }, [currentInput, classIndex, options, initial]);

  const gradients = useMemo(
    () => Object.fromEntries(METHODS.flatMap((m) => (shown?.maps[m] ? [[m, shown.maps[m].gradient]] : []))),
    [shown?.maps],
  );
  // Keyed on the pixels, not on `shown`, which changes with every status update of a job.
  const modelView = shown?.modelView;
  const rendered = useMemo(() => (modelView ? renderMaps(gradients, options, modelView) : {}), [gradients, options, modelView]);
  const modelViewRgba = useMemo(() => modelView && rgbToRgba(modelView), [modelView]);
  // The top-5 list belongs to the image on screen, so its class choice explains that image.
  const chooseClass = (index: number) => shown && explain(index, shown.input, shown.modelInput);
  const [helpOpen, setHelpOpen] = useState(false);
  const exampleIds = EXAMPLES.map((e) => e.id);
  useKeyboardCommands({
    previousExample: () => void openExample(stepExample(exampleIds, currentInput?.exampleId, -1)),
    nextExample: () => void openExample(stepExample(exampleIds, currentInput?.exampleId, 1)),
    pickClass: (event) => {
      const pick = shown?.top[Number(event.key) - 1];
      if (pick) chooseClass(pick.index);
    },
    cycleView: () => setOptions(nextView),
    toggleScale: () => setOptions((o) => ({ ...o, scale: o.scale === 'shared' ? 'map' : 'shared' })),
    fullScreen: () => {
      const request = document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen();
      request.catch(() => addNotice('Full screen is not available in this browser window.'));
    },
    help: () => setHelpOpen(true),
  });

  const scales = options.scale === 'shared'
    ? Object.values(rendered).slice(0, 1).map((r) => ({ label: 'all maps', value: r.scale }))
    : METHODS.flatMap((m) => (rendered[m] ? [{ label: m, value: rendered[m].scale }] : []));

  return (
    <div className={`app${dragging ? ' dragging' : ''}`}>
      <header className="masthead">
        <h1>What does the network look at?</h1>
        <p className="tagline">
          Inception V3 (ImageNet) classifies an image; three gradient rules show which pixels drive the chosen class.
          Your images never leave this browser: all computing happens on this device.
          {' '}<button type="button" className="link-button" onClick={() => setHelpOpen(true)} aria-keyshortcuts="?">Keyboard shortcuts (?)</button>
        </p>
      </header>
      <InputBar currentExample={currentInput?.exampleId} onFile={(files) => {
        const picked = pickImage(files, 'chosen');
        if (typeof picked === 'string') addNotice(picked);
        else openFile(picked);
      }} onExample={(id) => void openExample(id)} />
      <Notices notices={notices} error={session.error} onDismiss={(m) => setNotices((all) => all.filter((n) => n !== m))} />
      <StatusBar session={session} />
      <main className="workspace">
        <section className="model-view" aria-labelledby="model-view-title">
          <h2 id="model-view-title">What the model saw</h2>
          <div className="canvas-frame">
            <PixelCanvas rgba={modelViewRgba} testId="model-view" label={shown ? `The image as the model saw it: ${shown.input.name}, resized to ${MODEL_SIZE}×${MODEL_SIZE}` : 'No image yet'} />
          </div>
          {shown && shown.notes.length > 0 && (
            <ul className="image-notes" data-testid="image-notes">{shown.notes.map((note) => <li key={note}>{note}</li>)}</ul>
          )}
          {shown && (
            <>
              <TopClasses top={shown.top} selected={classIndex} className={className} onSelect={chooseClass} />
              <button type="button" className="link-button" onClick={() => saveBlob(npyBlob(shown.modelInput, [1, MODEL_SIZE, MODEL_SIZE, 3]), 'model-input.npy')}>
                Input tensor .npy
              </button>
            </>
          )}
        </section>
        <section className="maps" aria-labelledby="maps-title">
          <h2 id="maps-title">
            Saliency maps{classIndex !== undefined && <> for <span data-testid="map-class">{className(classIndex)}</span></>}
          </h2>
          <ViewControls options={options} onChange={setOptions} />
          <div className="map-row">
            {METHODS.map((method) => (
              <MapPanel key={method} method={method} result={shown?.maps[method]} rendered={rendered[method]}
                pendingClass={classIndex !== undefined ? className(classIndex) : undefined} className={className} />
            ))}
          </div>
          {scales.length > 0 && <Legend view={options.view} scales={scales} />}
        </section>
      </main>
      <HelpDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
      {dragging && <div className="drop-overlay" aria-hidden="true"><p>Drop the image to see what the network looks at</p></div>}
    </div>
  );
}
