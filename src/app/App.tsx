// The page (React): panels, hooks, export and the session state; it starts the worker by URL and talks to it
// only through shared/protocol.ts. Imports shared/ and offline/, never the worker (src/import-rules.test.ts).
import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { DEFAULT_EXAMPLE_ID, EXAMPLES, secondClassFor } from '../shared/examples.ts';
import { contrastMethods, familiesOf, inTableOrder, type Method } from '../shared/methods.ts';
import type { CompareChoice, Explanation } from '../shared/protocol.ts';
import { rgbToRgba } from '../shared/render.ts';
import type { RenderOptions } from '../shared/render-maps.ts';
import type { PresetId } from '../shared/preprocess.ts';
import { modelJsonUrl, parseUrlState } from '../shared/url-state.ts';
import { nextView, stepExample, type CommandHandlers, type CommandId } from './commands.ts';
import { LIVE_MAPS, type LiveMaps } from '../shared/live-maps.ts';
import { CameraBar } from './components/CameraBar.tsx';
import { ClassSearch } from './components/ClassSearch.tsx';
import { EvaluationPanel } from './components/EvaluationPanel.tsx';
import { HelpDialog } from './components/HelpDialog.tsx';
import { InputBar } from './components/InputBar.tsx';
import { Legend } from './components/Legend.tsx';
import { LessonBar, toggleButton } from './components/LessonBar.tsx';
import { LessonRow } from './components/LessonRow.tsx';
import { Masthead } from './components/Masthead.tsx';
import { MapRow } from './components/MapRow.tsx';
import { ModelView } from './components/ModelView.tsx';
import { PreprocessingChoice } from './components/PreprocessingChoice.tsx';
import { Notices } from './components/Notices.tsx';
import { ReluDiagram } from './components/ReluDiagram.tsx';
import { SanityPanel } from './components/SanityPanel.tsx';
import { SettingsPanel } from './components/SettingsPanel.tsx';
import { StatusBar } from './components/StatusBar.tsx';
import { ViewControls } from './components/ViewControls.tsx';
import { pickInput, useWindowImageInput, type PickedInput, type PickedModel } from './hooks/useImageInput.ts';
import { useKeyboardCommands } from './hooks/useKeyboardCommands.ts';
import { useNewRowInView } from './hooks/useNewRowInView.ts';
import { usePresentationGrid } from './hooks/usePresentationGrid.ts';
import { EVALUATION_PANEL, NO_PANEL, presentationStyle } from './presentation-layout.ts';
import { useClassChoice } from './hooks/useClassChoice.ts';
import { useCopyLink } from './hooks/useCopyLink.ts';
import { useMapChoices } from './hooks/useMapChoices.ts';
import { useImageSources } from './hooks/useImageSources.ts';
import { useCamera } from './hooks/useCamera.ts';
import { useSaliency, type ModelChange } from './hooks/useSaliency.ts';
import { useSanityCheck } from './hooks/useSanityCheck.ts';
import { useEvaluation } from './hooks/useEvaluation.ts';
import { useExports } from './hooks/useExports.ts';
import { useUrlSync } from './hooks/useUrlSync.ts';
import { useRenderedRows } from './hooks/useRenderedRows.ts';
import { HEAT_LEGEND } from './legend-content.ts';
import { selectedClass, selectedCompareClass, unfinishedMethods, type InputLabel } from './state/session.ts';

export function App() {
  const initial = useMemo(() => parseUrlState(location.search, { exampleIds: EXAMPLES.map((e) => e.id) }), []);
  const [options, setOptions] = useState<RenderOptions>({ view: initial.state.view, scale: initial.state.scale, overlay: initial.state.overlay });
  const [present, setPresent] = useState(initial.state.present);
  const [captions, setCaptions] = useState(initial.state.captions);
  const [sanity, setSanity] = useState(initial.state.sanity);
  const [evaluating, setEvaluating] = useState(initial.state.evaluate);
  const [comparing, setComparing] = useState(initial.state.compareIndex !== undefined);
  /** With a second class: the row of the first rather than the second. */
  const [contrast, setContrast] = useState(initial.state.contrast);
  const [methods, setMethods] = useState<Method[]>(initial.state.methods);
  const [preprocessing, setPreprocessing] = useState<PresetId | undefined>(initial.state.preprocess);
  const [settings, setSettings] = useState(initial.state.settings);
  const [layer, setLayer] = useState(initial.state.layer);
  const [liveMaps, setLiveMaps] = useState<LiveMaps>(initial.state.live);
  const [notices, setNotices] = useState<string[]>(initial.notices);
  const [helpOpen, setHelpOpen] = useState(false);
  /** The class search is on screen and has the keyboard (in presentation mode it is otherwise hidden). */
  const [searchOpen, setSearchOpen] = useState(false);
  const searchField = useRef<HTMLInputElement>(null);
  const base = new URL(import.meta.env.BASE_URL, document.baseURI).href;
  const { session, submit, stop, retry } = useSaliency({
    model: { kind: 'url', url: modelJsonUrl(initial.state, base) },
    fallback: { kind: 'url', url: modelJsonUrl({}, base) },
    preprocessing: initial.state.preprocess,
    backend: initial.state.backend,
  });
  const { shown, job, model } = session;
  const labels = model?.labels ?? [];
  const addNotice = useCallback((message: string) => setNotices((all) => [...all.filter((m) => m !== message), message]), []);
  const camera = useCamera({
    session, submit, settings, layer, liveMaps, comparing, contrast, addNotice,
    // A frozen frame is a still image like a dropped photo: every method on screen, downloads, export, the tests of maps.
    onFreeze: (image, classes) => submit({ type: 'analyze', image, ...classes, methods, settings, layer }, { name: 'camera frame' }),
  });
  const live = camera.phase === 'live';
  /** The maps on screen: the live choice while the camera runs, else the person's. */
  const methodsShown = useMemo(() => (live ? [...LIVE_MAPS[liveMaps].methods] : methods), [live, liveMaps, methods]);
  const turnCameraOff = camera.turnOff;
  /** A new image, with the methods on screen: another input turns the camera off. */
  const analyze = useCallback((image: Blob, input: InputLabel, classIndex?: number, compare?: CompareChoice) => {
    turnCameraOff();
    submit({ type: 'analyze', image, classIndex, methods, settings, layer, contrast, compareIndex: compare }, input);
  }, [submit, methods, settings, layer, contrast, turnCameraOff]);
  /** The image on screen again, with another model (dropped or picked files) or another preprocessing. */
  const reanalyze = (change: ModelChange, image?: { blob: Blob; name: string }, compare: CompareChoice | undefined = comparing ? 'runner-up' : undefined) => {
    const blob = image?.blob ?? shown?.image;
    if (!blob) return addNotice('Wait for the first image, then try again.');
    const input = image ? { name: image.name } : shown!.input;
    submit({ type: 'analyze', image: blob, ...change, methods, settings, layer, contrast, compareIndex: compare }, input);
  };
  const openModel = ({ files, image }: PickedModel) => {
    setPreprocessing(undefined);
    if (live && !image) return camera.changeModel({ model: { kind: 'files', files }, preprocessing: undefined });
    reanalyze({ model: { kind: 'files', files } }, image && { blob: image, name: image.name });
  };
  /** The same model reads the pixels another way: the classes on screen stay (its labels are the same). */
  const choosePreprocessing = (preset: PresetId) => {
    setPreprocessing(preset);
    if (live) return camera.changeModel({ preprocessing: preset });
    reanalyze({ preprocessing: preset }, undefined, comparing ? compareIndex ?? 'runner-up' : undefined);
  };
  /**
   * Maps of the image on screen: these classes, and the methods on screen unless others are given,
   * with those not yet finished for this class of this image (unfinishedMethods): two settings
   * changed in a row must not leave the first one's map half done.
   */
  const explain = (classIndex: number, compare: CompareChoice | undefined, only: Method[] = methods, changes: Partial<Pick<Explanation, 'settings' | 'layer' | 'contrast'>> = {}) => {
    if (!shown) return;
    const unfinished = unfinishedMethods(shown, methods, classIndex);
    submit({ type: 'explain', classIndex, input: shown.modelInput, methods: inTableOrder([...only, ...unfinished]), settings, layer, contrast, ...changes, compareIndex: compare }, shown.input);
  };
  // The tests of maps run on a still (a photo, a frozen frame), never on live frames.
  useSanityCheck({ on: sanity && !live, session, methods, seed: settings.seed, layer, submit, stop });
  // A layer the model in use does not have (a link made for another model) gives way to its default.
  useEffect(() => {
    if (model && layer !== undefined && !model.layers?.some((l) => l.label === layer)) setLayer(undefined);
  }, [model]);
  // The faithfulness test belongs to the maps view: the sanity check replaces it while on.
  useEvaluation({ on: evaluating && !sanity && !live, session, methods, seed: settings.seed, submit, stop });
  const className = useCallback((index: number) => labels[index] ?? `class ${index}`, [labels]);

  /** The second class a new image is compared on: the example's own contrast class, else the runner-up. */
  const compareChoice = (exampleId?: string): CompareChoice | undefined => (comparing ? secondClassFor(exampleId, labels) : undefined);

  const { openExample, openImageUrl, openFile: openPicked } = useImageSources(analyze, addNotice);
  /** A dropped, pasted or picked image, or a model's files. */
  const openInput = (picked: PickedInput) => (picked.kind === 'model' ? openModel(picked) : openPicked(picked, comparing ? 'runner-up' : undefined));
  const openInputRef = useRef(openInput);
  openInputRef.current = openInput;
  const onWindowInput = useCallback((picked: PickedInput) => openInputRef.current(picked), []);

  const dragging = useWindowImageInput(onWindowInput, addNotice);

  useEffect(() => {
    const { image, example, classIndex, compareIndex } = initial.state;
    if (image) void openImageUrl(image, classIndex, compareIndex);
    else void openExample(example ?? DEFAULT_EXAMPLE_ID, classIndex, compareIndex).then(() => {
      // A link that asks for the camera: the example is on screen meanwhile, and stays if the camera is refused.
      if (initial.state.camera) void camera.turnOn();
    });
  }, [initial]);

  const currentInput = job?.input ?? shown?.input;
  const classIndex = selectedClass(session);
  const compareIndex = comparing ? selectedCompareClass(session) : undefined;
  const shareable = Boolean(currentInput?.exampleId || currentInput?.imageUrl);
  /** Class numbers mean something in a link only for a model the link can name. */
  const classesShareable = shareable && !session.ownModel;
  useUrlSync({
    ...options,
    present,
    captions,
    sanity,
    evaluate: evaluating,
    example: currentInput?.exampleId,
    image: currentInput?.imageUrl,
    classIndex: classesShareable ? classIndex : undefined,
    compareIndex: classesShareable ? compareIndex : undefined,
    methods,
    settings,
    backend: initial.state.backend,
    model: session.ownModel || session.linkModelRefused ? undefined : initial.state.model,
    preprocess: model?.preprocessingFrom === 'chosen' ? preprocessing : undefined,
    layer,
    contrast: comparing && contrast,
    camera: camera.phase !== 'off',
    live: liveMaps,
  });

  const modelView = shown?.modelView;
  const modelViewRgba = useMemo(() => modelView && rgbToRgba(modelView), [modelView]);
  const { rendered, renderedSecond, renderedContrast, showSecond, showContrast, contrastHeading, scales, legend, heatShown, mapRangeOf } =
    useRenderedRows({ shown, methods: methodsShown, options, comparing, contrast, className });
  const families = familiesOf(methodsShown);
  useNewRowInView([...families.map((f) => `[data-testid=first-row] [data-family=${f}]`), ...(evaluating && !sanity ? ['[data-testid=evaluation]'] : [])]);
  /** Each block's heading as presentation mode sizes it: a class with the widest probability, or "A rather than B". */
  const blockHeadings = [classIndex, ...(comparing ? [compareIndex] : [])].map((i) => (i === undefined ? 'Computing…' : `${className(i)} · 100.0 %`));
  const grid = usePresentationGrid(present, methodsShown, showContrast ? [...blockHeadings, contrastHeading] : blockHeadings, evaluating && !sanity ? EVALUATION_PANEL : NO_PANEL);

  const probability = (index: number) => shown?.probabilities[index];
  const percent = (index: number) => {
    const p = probability(index);
    return p !== undefined ? ` · ${(100 * p).toFixed(1)} %` : '';
  };
  const classHeading = (index: number) => `${className(index)}${percent(index)}`;
  const rowHeading = (index: number | undefined, testId: string) =>
    index === undefined ? 'Computing…' : <><span data-testid={testId}>{className(index)}</span>{percent(index)}</>;

  const { chooseClass, chooseCompareClass, toggleCompare } = useClassChoice({ shown, classIndex, compareIndex, comparing, setComparing, methods, labels, explain, addNotice });
  /** A class picked while the camera is live is the class it keeps explaining, whatever moves in front of it. */
  const pickClass = (index: number) => (live ? camera.fixClass(index) : chooseClass(index));
  const pickCompareClass = (index: number) => (live ? camera.fixCompareClass(index) : chooseCompareClass(index));
  const { toggleFamily, changeLayer, changeSettings } = useMapChoices({
    methods, setMethods, settings, setSettings, setLayer, classIndex, secondClass: showSecond ? compareIndex : undefined, sanity, explain, addNotice,
  });
  const togglePresent = () => {
    setPresent((on) => !on);
    // Presenting fills the screen; leaving it leaves full screen too.
    if (!present && !document.fullscreenElement) document.documentElement.requestFullscreen?.().catch(() => undefined);
    if (present && document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  };
  const { copyLink, feedback: linkFeedback } = useCopyLink({ ownImage: Boolean(currentInput && !shareable), ownModel: Boolean(session.ownModel) });
  const { sanityChart, curveCharts, exportPng, exportCurves, downloadAll } = useExports({
    shown, model, methods, settings, options, sanity, showSecond, showContrast, rendered, renderedSecond, modelView, modelViewRgba, legend, heatShown, classHeading, className, addNotice,
  });
  const openStep = (step: 1 | -1) => {
    const id = stepExample(EXAMPLES.map((e) => e.id), currentInput?.exampleId, step);
    void openExample(id, undefined, compareChoice(id));
  };
  const commands: CommandHandlers = {
    previousExample: () => openStep(-1),
    nextExample: () => openStep(1),
    pickClass: (key) => {
      const pick = shown?.top[Number(key) - 1];
      if (pick) pickClass(pick.index);
    },
    findClass: () => setSearchOpen(true),
    compare: toggleCompare,
    contrast: () => {
      if (!comparing) return addNotice('Compare two classes first (C): then X shows why the first rather than the second.');
      setContrast(!contrast);
      if (!contrast && classIndex !== undefined) explain(classIndex, compareIndex, contrastMethods(methods), { contrast: true });
    },
    camFamily: () => toggleFamily('cam'),
    smoothFamily: () => toggleFamily('smooth'),
    attributionFamily: () => toggleFamily('attribution'),
    camVariants: () => toggleFamily('cam-variants', 'cam-more'),
    cycleView: () => setOptions(nextView),
    toggleScale: () => setOptions((o) => ({ ...o, scale: o.scale === 'shared' ? 'map' : 'shared' })),
    captions: () => setCaptions((on) => !on),
    sanity: () => setSanity((on) => !on),
    evaluate: () => setEvaluating((on) => !on),
    present: togglePresent,
    fullScreen: () => {
      const request = document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen();
      request.catch(() => addNotice('Full screen is not available in this browser window.'));
    },
    copyLink: () => void copyLink(),
    exportPng,
    camera: (key) => {
      if (key === ' ') return camera.toggleFreeze();
      camera.toggle();
      // The last live frame stays on screen as a still: the maps on screen it lacks are computed.
      if (live && classIndex !== undefined) explain(classIndex, showSecond ? compareIndex : undefined, []);
    },
    help: () => setHelpOpen(true),
  };
  useKeyboardCommands(commands);
  // Focused once it is on screen: a hidden field cannot take the keyboard, and letters typed then ran shortcuts.
  useEffect(() => {
    if (searchOpen) searchField.current?.focus();
  }, [searchOpen]);
  const run = (id: CommandId) => commands[id]();

  return (
    <div className={`app${dragging ? ' dragging' : ''}${present ? ' present' : ''}${showSecond ? ' comparing' : ''}${(grid?.across ?? 1) > 1 ? ' side-by-side' : ''}`} data-testid="app"
      style={{ ...(grid && presentationStyle(grid)), '--legends': sanity ? 0 : (scales.length > 0 ? 1 : 0) + (heatShown ? 1 : 0) } as CSSProperties}>
      <Masthead modelName={model?.name} ownModel={Boolean(session.ownModel)} onHelp={() => setHelpOpen(true)} />
      <div className="topbar">
        <div className={`controls${searchOpen ? ' searching' : ''}`} data-testid="controls">
          <LessonBar toggles={{ present, compare: comparing, captions, sanity, camFamily: families.includes('cam'), smoothFamily: families.includes('smooth'), attributionFamily: families.includes('attribution'), camVariants: families.includes('cam-variants') || families.includes('cam-more'), evaluate: evaluating }} run={run} linkFeedback={linkFeedback} canExport={Boolean(shown)} />
          <div className="control-panel">
            <InputBar currentExample={currentInput?.exampleId} onFiles={(files) => {
              const picked = pickInput(files, 'chosen');
              if (typeof picked === 'string') addNotice(picked);
              else openInput(picked);
            }} onExample={(id) => void openExample(id, undefined, compareChoice(id))} />
            <CameraBar camera={camera} onToggle={() => commands.camera()} liveMaps={liveMaps} onLiveMaps={setLiveMaps} className={className} />
            <div className="class-searches">
              <ClassSearch ref={searchField} label="Explain any class" model={model} onPick={pickClass} onLeave={() => setSearchOpen(false)} testId="class-search" />
              {comparing && <ClassSearch label="Compare with" model={model} onPick={pickCompareClass} testId="compare-search" />}
              {comparing && toggleButton('contrast', 'Why the first, not the second', contrast, run)}
            </div>
            {model?.preprocessingFrom === 'chosen' && <PreprocessingChoice value={model.input.preprocessing} onChange={choosePreprocessing} />}
            <ViewControls options={options} onChange={setOptions} />
            <SettingsPanel settings={settings} onChange={changeSettings} layers={model?.layers} layer={layer} onLayer={changeLayer} />
          </div>
        </div>
        <StatusBar session={session} live={live} onRetry={retry} />
      </div>
      <Notices notices={notices} error={session.error} onDismiss={(m) => setNotices((all) => all.filter((n) => n !== m))} />
      <main className="workspace">
        <ModelView shown={shown} rgba={modelViewRgba} selected={classIndex} className={className} onSelect={pickClass} onDownloadAll={downloadAll} />
        <section className="maps" aria-labelledby="maps-title">
          <h2 id="maps-title" className="visually-hidden">Saliency maps</h2>
          {sanity ? (
            <SanityPanel sanity={shown?.sanity} chartRef={sanityChart} className={className} options={options} modelView={modelView} computing={Boolean(job)} />
          ) : (
            <>
              <MapRow heading={rowHeading(classIndex, 'map-class')} methods={methodsShown} maps={shown?.maps} rendered={rendered} classIndex={classIndex} className={className} computing={Boolean(job)} testId="first-row" range={mapRangeOf} columns={grid?.columns} />
              {showSecond && (
                <MapRow heading={rowHeading(compareIndex, 'compare-class')} methods={methodsShown} maps={shown?.compare?.maps} rendered={renderedSecond} classIndex={compareIndex}  className={className} computing={Boolean(job)} row="compare" testId="second-row" range={mapRangeOf} columns={grid?.columns} />
              )}
              {showContrast && (
                <MapRow heading={<span data-testid="contrast-classes" title={contrastHeading}>{contrastHeading}</span>} methods={contrastMethods(methodsShown)} maps={shown?.contrast?.maps} rendered={renderedContrast} classIndex={classIndex} className={className} computing={Boolean(job)} row="contrast" testId="contrast-row" range={mapRangeOf} columns={grid?.columns} />
              )}
              <div className="legends">
                {scales.length > 0 && <Legend content={legend} />}
                {heatShown && <Legend content={HEAT_LEGEND} label="Grad-CAM colour legend" testId="heat-legend" />}
              </div>
              {evaluating && <EvaluationPanel evaluation={shown?.evaluation} chartRefs={curveCharts} className={className} computing={Boolean(job && job.request.type !== 'evaluate')} onExport={exportCurves} />}
              {captions && <LessonRow methods={methodsShown} />}
              {captions && shown?.relu && <ReluDiagram sample={shown.relu.sample} className={className(shown.relu.classIndex)} />}
            </>
          )}
        </section>
      </main>
      <HelpDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
      {dragging && <div className="drop-overlay" aria-hidden="true"><p>Drop the image to see what the network looks at</p></div>}
    </div>
  );
}
