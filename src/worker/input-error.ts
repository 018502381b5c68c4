/** A person's input the worker cannot use (an image, a model, a class): its message is shown on the page as it is. */
export class InputError extends Error {}
