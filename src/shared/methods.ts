/**
 * The saliency methods, as data: the page (rows, captions, legend, downloads, export), the link
 * (`methods=`) and the worker (which passes a job runs) all read this table.
 */

/** The three ReLU rules: how a ReLU's gradient is treated on the way back. */
export const RULES = ['vanilla', 'deconvnet', 'guided'] as const;
export type Rule = (typeof RULES)[number];

export interface RuleFlags {
  /** Multiply by the forward mask [x > 0]. */
  forwardMask: boolean;
  /** Keep only positive gradients. */
  positiveGradient: boolean;
}

/** The three rules as two switches on a ReLU's gradient (the worker's gradients and the teaching diagram share them). */
export const RULE_FLAGS: Record<Rule, RuleFlags> = {
  vanilla: { forwardMask: true, positiveGradient: false },
  deconvnet: { forwardMask: false, positiveGradient: true },
  guided: { forwardMask: true, positiveGradient: true },
};

export const METHODS = [
  'vanilla', 'deconvnet', 'guided', 'gradcam', 'guided-gradcam', 'smooth-vanilla', 'smooth-deconvnet', 'smooth-guided',
  'integrated-gradients', 'occlusion', 'gradcam-pp', 'xgradcam', 'hirescam', 'layercam', 'scorecam', 'eigencam',
] as const;
export type Method = (typeof METHODS)[number];

/** How the worker computes a method's map for a class. */
export type Computation =
  /** One backward pass from the class's logit to the input under the rule. */
  | { kind: 'backward'; rule: Rule }
  /**
   * A gradient CAM from the backward pass of `from` (the vanilla gradient): A, the last feature map
   * before the global pool, and its gradient g there, weighted as `weighting` says (CAM_WEIGHTINGS),
   * ReLU, upsampled bilinearly. One backward pass serves every weighting.
   */
  | { kind: 'cam'; from: Method; weighting: CamWeighting }
  /** Eigen-CAM: the feature map's first principal component over positions, ReLU, upsampled; no gradient. */
  | { kind: 'eigen' }
  /**
   * Score-CAM: each of the feature map's strongest channels, upsampled and scaled to [0, 1], masks the
   * input; the softmax over those channels of the class's logit on the masked inputs weights them.
   */
  | { kind: 'score' }
  /** Two maps multiplied per pixel and channel (the second has one channel, broadcast). */
  | { kind: 'product'; of: readonly [Method, Method] }
  /** The mean of the rule's maps over noisy copies of the input (SmoothGrad). */
  | { kind: 'smooth'; rule: Rule }
  /**
   * Integrated Gradients from the baseline x′ = 0 (the zero model input): (x − x′) ⊙ the mean over
   * α_j = (j + ½)/N, j < N, of the vanilla gradient at x′ + α_j (x − x′) (a midpoint Riemann sum).
   */
  | { kind: 'integrated' }
  /** The drop in the class's logit when a patch of the input is set to the baseline, averaged over the patches covering each pixel. */
  | { kind: 'occlusion' };

/**
 * How a gradient CAM weighs the feature map A by the class score's gradient g (pytorch-grad-cam's formulas):
 * grad-cam: w_k = mean_hw g_k; grad-cam++: w_k = sum_hw relu(g) a, a = g² / (2 g² + sum_hw(A_k) g³);
 * xgrad-cam: w_k = sum_hw g A / sum_hw A_k; hires-cam: g A element-wise; layer-cam: relu(g) A element-wise.
 */
export const CAM_WEIGHTINGS = ['grad-cam', 'grad-cam++', 'xgrad-cam', 'hires-cam', 'layer-cam'] as const;
export type CamWeighting = (typeof CAM_WEIGHTINGS)[number];

/** The kinds of map read at the feature map before the global pool: a model without one has none of them. */
export const FEATURE_MAP_KINDS: readonly Computation['kind'][] = ['cam', 'eigen', 'score'];

/** The kinds with a map of "A rather than B" (logit A − logit B): a score's gradient and what is made of it; Eigen-CAM reads no class, the maps made of many passes are left out. */
export const CONTRAST_KINDS: readonly Computation['kind'][] = ['backward', 'cam', 'product'];

/** The methods among these that the contrast row shows. */
export const contrastMethods = (methods: readonly Method[]): Method[] => methods.filter((m) => CONTRAST_KINDS.includes(METHOD_INFO[m].computed.kind));

/** Whether a method's map reads the CAMs' layer, itself or through an ingredient (Guided Grad-CAM). */
export const readsLayer = (method: Method): boolean => FEATURE_MAP_KINDS.includes(METHOD_INFO[method].computed.kind) || ingredients(method).some(readsLayer);

export const FAMILIES = ['gradients', 'cam', 'smooth', 'attribution', 'cam-variants', 'cam-more'] as const;
export type Family = (typeof FAMILIES)[number];

export interface FamilyInfo {
  title: string;
  /** What the whole row shows, for the captions. */
  lesson: string;
}

export const FAMILY_INFO: Record<Family, FamilyInfo> = {
  gradients: {
    title: 'Gradient rules',
    lesson: 'The three ways back through a ReLU.',
  },
  cam: {
    title: 'Grad-CAM',
    lesson: 'Where the last feature maps hold the evidence for this class, coarse (8×8 for Inception V3) but class-discriminative.',
  },
  smooth: {
    title: 'SmoothGrad',
    lesson: 'Each rule\u2019s map averaged over noisy copies of the image.',
  },
  'cam-variants': {
    title: 'Grad-CAM\u2019s variants',
    lesson: 'The same feature maps and gradient as Grad-CAM, weighed another way: by the positive gradient\u2019s share, by the activation, or place by place.',
  },
  'cam-more': {
    title: 'LayerCAM, Score-CAM and Eigen-CAM',
    lesson: 'Place by place with positive gradients only, then two with no gradient at all: the class score of the image masked by each channel, and the feature maps\u2019 main pattern.',
  },
  attribution: {
    title: 'Integrated Gradients and occlusion',
    lesson: 'Two answers in the units of the score: how much each pixel added to the logit on the way from a grey image, and how much the logit drops when a patch is hidden.',
  },
};

export interface MethodInfo {
  title: string;
  /** One line: how the map is computed. */
  rule: string;
  /** The teaching caption: what the method means for the picture, in plain words. */
  lesson: string;
  reference: string;
  computed: Computation;
  /** The row it belongs to, and its column there: a counterpart sits under the map it derives from. */
  family: Family;
  column: 0 | 1 | 2;
  /**
   * gradient: per-pixel RGB values, drawn like a gradient (magnitude or signed, clipped at the 99th
   * percentile, on the image if asked). heat: one non-negative value per pixel, always on the image,
   * 0 to its maximum on its own colour scale.
   */
  drawn: 'gradient' | 'heat';
  /** A map made of many passes, drawn as it grows: what its progress counts. */
  progress?: 'samples' | 'steps' | 'rows of patches' | 'channels';
}

export const METHOD_INFO: Record<Method, MethodInfo> = {
  vanilla: {
    title: 'Vanilla gradient',
    rule: 'A ReLU passes the gradient where its forward input was positive: the true derivative.',
    lesson: 'Every unit that was on lets the gradient through, positive or negative: the exact sensitivity of the score, which is why the map looks noisy and changes from class to class.',
    reference: 'Simonyan, Vedaldi & Zisserman 2014',
    computed: { kind: 'backward', rule: 'vanilla' },
    family: 'gradients',
    column: 0,
    drawn: 'gradient',
  },
  deconvnet: {
    title: 'Deconvnet',
    rule: 'A ReLU passes only positive gradients, whatever its forward input was.',
    lesson: 'The forward pass is ignored at each ReLU: only the signal that would raise the score flows back, so the map shows the patterns the filters respond to, even where they were off.',
    reference: 'Zeiler & Fergus 2014',
    computed: { kind: 'backward', rule: 'deconvnet' },
    family: 'gradients',
    column: 1,
    drawn: 'gradient',
  },
  guided: {
    title: 'Guided backprop',
    rule: 'A ReLU passes a gradient only where both it and the forward input were positive.',
    lesson: 'Both gates at once: a unit must have been on and the gradient must be positive. The result is sharp edges of the object, and it barely changes when you pick another class.',
    reference: 'Springenberg et al. 2015',
    computed: { kind: 'backward', rule: 'guided' },
    family: 'gradients',
    column: 2,
    drawn: 'gradient',
  },
  gradcam: {
    title: 'Grad-CAM',
    rule: 'The last feature maps weighted by their mean gradient, summed, negatives dropped, scaled up to the image.',
    lesson: 'It asks which regions of the last feature maps raise this class\u2019s score: blurry, but it moves with the class, unlike guided backprop.',
    reference: 'Selvaraju et al. 2017',
    computed: { kind: 'cam', from: 'vanilla', weighting: 'grad-cam' },
    family: 'cam',
    column: 0,
    drawn: 'heat',
  },
  'guided-gradcam': {
    title: 'Guided Grad-CAM',
    rule: 'Guided backprop multiplied, pixel by pixel, by the Grad-CAM map.',
    lesson: 'Guided backprop\u2019s sharp edges, kept only where Grad-CAM finds the class: fine detail that now depends on the class asked.',
    reference: 'Selvaraju et al. 2017',
    computed: { kind: 'product', of: ['guided', 'gradcam'] },
    family: 'cam',
    column: 2,
    drawn: 'gradient',
  },
  'smooth-vanilla': {
    title: 'SmoothGrad (vanilla)',
    rule: 'The mean vanilla gradient over copies of the image with Gaussian noise added.',
    lesson: 'Averaging over noise cancels the speckle of the raw gradient; what stays is what the score is sensitive to around the image, not at one exact point.',
    reference: 'Smilkov et al. 2017',
    computed: { kind: 'smooth', rule: 'vanilla' },
    family: 'smooth',
    column: 0,
    drawn: 'gradient',
    progress: 'samples',
  },
  'smooth-deconvnet': {
    title: 'SmoothGrad (deconvnet)',
    rule: 'The mean deconvnet map over copies of the image with Gaussian noise added.',
    lesson: 'The deconvnet map already ignores the forward pass, so noise changes it little.',
    reference: 'Smilkov et al. 2017',
    computed: { kind: 'smooth', rule: 'deconvnet' },
    family: 'smooth',
    column: 1,
    drawn: 'gradient',
    progress: 'samples',
  },
  'smooth-guided': {
    title: 'SmoothGrad (guided)',
    rule: 'The mean guided backprop map over copies of the image with Gaussian noise added.',
    lesson: 'Guided backprop with its remaining speckle averaged out: cleaner edges, still barely class-specific.',
    reference: 'Smilkov et al. 2017',
    computed: { kind: 'smooth', rule: 'guided' },
    family: 'smooth',
    column: 2,
    drawn: 'gradient',
    progress: 'samples',
  },
  'integrated-gradients': {
    title: 'Integrated Gradients',
    rule: 'The image minus a grey baseline, times the mean gradient along the straight path from the baseline to the image.',
    lesson: 'The attributions add up to how far the logit rose from a grey image to this one (completeness): each pixel gets its share of the score, in the score\u2019s own units.',
    reference: 'Sundararajan, Taly & Yan 2017',
    computed: { kind: 'integrated' },
    family: 'attribution',
    column: 0,
    drawn: 'gradient',
    progress: 'steps',
  },
  occlusion: {
    title: 'Occlusion',
    rule: 'A grey patch slid over the image: how much the logit drops with each part hidden.',
    lesson: 'No gradient at all: the model is simply asked again with part of the picture covered. Where the score falls, the model needed what was there.',
    reference: 'Zeiler & Fergus 2014',
    computed: { kind: 'occlusion' },
    family: 'attribution',
    column: 1,
    drawn: 'gradient',
    progress: 'rows of patches',
  },
  'gradcam-pp': {
    title: 'Grad-CAM++',
    rule: 'Each feature map weighted by its positive gradient, each place counted by its share of the gradient\u2019s curvature.',
    lesson: 'Like Grad-CAM, but a small object counts as much as a large one: several instances of the class light up, not just the biggest.',
    reference: 'Chattopadhay et al. 2018',
    computed: { kind: 'cam', from: 'vanilla', weighting: 'grad-cam++' },
    family: 'cam-variants',
    column: 0,
    drawn: 'heat',
  },
  xgradcam: {
    title: 'XGrad-CAM',
    rule: 'Each feature map weighted by its gradient times its activation, over its total activation.',
    lesson: 'Grad-CAM\u2019s weights chosen so the map explains the score as well as a linear model of the feature maps can.',
    reference: 'Fu et al. 2020',
    computed: { kind: 'cam', from: 'vanilla', weighting: 'xgrad-cam' },
    family: 'cam-variants',
    column: 1,
    drawn: 'heat',
  },
  hirescam: {
    title: 'HiResCAM',
    rule: 'Gradient times activation at each place of each feature map, summed over the maps.',
    lesson: 'No averaging of the gradient over the map: each place keeps its own weight, so the map shows where the score really came from.',
    reference: 'Draelos & Carin 2020',
    computed: { kind: 'cam', from: 'vanilla', weighting: 'hires-cam' },
    family: 'cam-variants',
    column: 2,
    drawn: 'heat',
  },
  layercam: {
    title: 'LayerCAM',
    rule: 'Positive gradient times activation at each place of each feature map, summed over the maps.',
    lesson: 'HiResCAM with the negative evidence dropped place by place: finer maps at earlier layers.',
    reference: 'Jiang et al. 2021',
    computed: { kind: 'cam', from: 'vanilla', weighting: 'layer-cam' },
    family: 'cam-more',
    column: 0,
    drawn: 'heat',
  },
  scorecam: {
    title: 'Score-CAM',
    rule: 'Each strong feature map, scaled to [0, 1], masks the image; the class score of each masked image (softmax over the maps) weighs it.',
    lesson: 'No gradient: the model is asked again with the image seen through each feature map, and the maps that keep the score high count most.',
    reference: 'Wang et al. 2020',
    computed: { kind: 'score' },
    family: 'cam-more',
    column: 1,
    drawn: 'heat',
    progress: 'channels',
  },
  eigencam: {
    title: 'Eigen-CAM',
    rule: 'The first principal component of the feature maps over the image\u2019s places.',
    lesson: 'No gradient and no class: the strongest pattern the last feature maps share, the same for every class.',
    reference: 'Muhammad & Yeasin 2020',
    computed: { kind: 'eigen' },
    family: 'cam-more',
    column: 2,
    drawn: 'heat',
  },
};

/** The mission's three maps: what a first visit and a link without `methods=` show. */
export const DEFAULT_METHODS: readonly Method[] = RULES;

/** The methods of a family, in table order. */
export const familyMethods = (family: Family): Method[] => METHODS.filter((m) => METHOD_INFO[m].family === family);

/** The method among these that sits in this column of its family's line, if any (a counterpart sits under the map it is made from). */
export const methodInColumn = (family: Family, column: number, methods: readonly Method[]): Method | undefined =>
  familyMethods(family).find((m) => METHOD_INFO[m].column === column && methods.includes(m));

export const inTableOrder = (methods: readonly Method[]): Method[] => METHODS.filter((m) => methods.includes(m));

/** The methods a method's map is made from. */
export function ingredients(method: Method): readonly Method[] {
  const computed = METHOD_INFO[method].computed;
  return computed.kind === 'cam' ? [computed.from] : computed.kind === 'product' ? computed.of : [];
}

/** These methods and everything they are made from, in table order (which computes ingredients first). */
export function withIngredients(methods: readonly Method[]): Method[] {
  const needed = new Set<Method>();
  const add = (m: Method) => {
    if (needed.has(m)) return;
    needed.add(m);
    ingredients(m).forEach(add);
  };
  methods.forEach(add);
  return METHODS.filter((m) => needed.has(m));
}

/** The methods the sanity check recomputes at each step: all but those made of many passes (each of its ~17 steps would repeat them all). */
export const cascadeMethods = (methods: readonly Method[]): Method[] => methods.filter((m) => !METHOD_INFO[m].progress);

/** The families with at least one of these methods, in table order. */
export const familiesOf = (methods: readonly Method[]): Family[] => FAMILIES.filter((f) => methods.some((m) => METHOD_INFO[m].family === f));

/** One value from each method's entry that is present (maps still computing are left out). */
export function perMethod<T, V>(entries: Partial<Record<Method, T>> | undefined, value: (entry: T) => V): Partial<Record<Method, V>> {
  return Object.fromEntries(METHODS.flatMap((m) => (entries?.[m] !== undefined ? [[m, value(entries[m])]] : [])));
}
