/**
 * Fetches a picture named by a link (?image=), for the worker to decode like a dropped file. The
 * request asks for CORS and sends no cookies or referrer: the page may only use a picture whose host
 * says other sites may read it. Because the bytes arrive through fetch(), an image the host does not
 * share never reaches the page at all (fetch rejects it), so nothing can be drawn from it: there is
 * no tainted canvas to detect later, and the message says which of the two failures it was.
 */
export async function fetchImageUrl(url: string, fetcher: typeof fetch = fetch): Promise<Blob> {
  const { host } = new URL(url);
  let response: Response;
  try {
    response = await fetcher(url, { mode: 'cors', credentials: 'omit', referrerPolicy: 'no-referrer' });
  } catch {
    // A CORS refusal and an unreachable host look alike to fetch; a no-cors request tells them apart.
    const reachable = await fetcher(url, { mode: 'no-cors', credentials: 'omit', referrerPolicy: 'no-referrer' }).then(() => true, () => false);
    throw new Error(reachable
      ? `${host} does not let other sites use its pictures (it sends no CORS header), so this browser will not hand the picture to this page. Save the picture and drop it here instead.`
      : `Could not reach ${host} to load the picture (offline, or the address is wrong).`);
  }
  if (!response.ok) throw new Error(`${host} answered ${response.status} ${response.statusText} for the picture.`.replace(' .', '.'));
  return response.blob();
}

/** How a picture from the web is named on screen: its host and file name. */
export function imageUrlName(url: string): string {
  const { host, pathname } = new URL(url);
  const file = decodeURIComponent(pathname.split('/').filter(Boolean).at(-1) ?? '');
  return file ? `${host}: ${file}` : host;
}
