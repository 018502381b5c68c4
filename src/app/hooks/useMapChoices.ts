import { changedBySettings, type MapSettings } from '../../shared/map-settings.ts';
import { familyMethods, inTableOrder, readsLayer, type Family, type Method } from '../../shared/methods.ts';
import type { CompareChoice, Explanation } from '../../shared/protocol.ts';

interface MapChoicesState {
  methods: Method[];
  setMethods: (methods: Method[]) => void;
  settings: MapSettings;
  setSettings: (settings: MapSettings) => void;
  setLayer: (layer: string | undefined) => void;
  /** The classes on screen: the maps a choice changes are computed again for them. */
  classIndex: number | undefined;
  secondClass: number | undefined;
  /** The sanity check is on: it recomputes its own maps. */
  sanity: boolean;
  explain: (classIndex: number, compare: CompareChoice | undefined, only: Method[], changes?: Partial<Pick<Explanation, 'settings' | 'layer'>>) => void;
  addNotice: (message: string) => void;
}

/** What maps the person asks for: families of methods, the CAMs' layer, the settings. Each change computes only the maps it changes. */
export function useMapChoices({ methods, setMethods, settings, setSettings, setLayer, classIndex, secondClass, sanity, explain, addNotice }: MapChoicesState) {
  /** Families of methods on or off together; turning them on computes only their maps, for the classes on screen. */
  const toggleFamily = (...families: Family[]) => {
    const members = families.flatMap(familyMethods);
    const on = methods.some((m) => members.includes(m));
    const next = on ? methods.filter((m) => !members.includes(m)) : [...methods, ...members];
    if (next.length === 0) return addNotice('At least one row of maps stays on screen.');
    setMethods(inTableOrder(next));
    if (!on && classIndex !== undefined) explain(classIndex, secondClass, members);
  };
  /** Another layer for the CAMs: the maps on screen that read it are computed again. */
  const changeLayer = (next: string | undefined) => {
    setLayer(next);
    const changed = methods.filter(readsLayer);
    if (changed.length > 0 && classIndex !== undefined && !sanity) explain(classIndex, secondClass, changed, { layer: next });
  };
  /** New settings: the maps on screen they change are computed again with them. */
  const changeSettings = (next: MapSettings) => {
    const changed = changedBySettings(methods, settings, next);
    setSettings(next);
    if (changed.length > 0 && classIndex !== undefined && !sanity) explain(classIndex, secondClass, changed, { settings: next });
  };
  return { toggleFamily, changeLayer, changeSettings };
}
