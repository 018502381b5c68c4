import { fakeCameraLaunch } from './camera-clip.ts';
import { canvasState, expect, test, TINY, waitForMaps } from './helpers.ts';

// The browser refuses the camera, as when a person clicks Block (a camera is there).
test.use({ launchOptions: fakeCameraLaunch('deny') });

test('a refusal says what to do, and the image and maps on screen stay', async ({ page }) => {
  await page.goto(`/?${TINY}&example=dog`);
  await waitForMaps(page);
  const before = await canvasState(page, 'map-vanilla');
  await page.getByTestId('camera-toggle').click();
  await expect(page.getByText(/The camera was not allowed/)).toBeVisible();
  await expect(page.getByTestId('camera-bar')).toHaveAttribute('data-phase', 'off');
  expect((await canvasState(page, 'map-vanilla')).hash).toBe(before.hash);
  await expect(page.getByTestId('status')).toHaveText(/^Done in/);
});
