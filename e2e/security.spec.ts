import { CONTENT_SECURITY_POLICY } from '../vite.config.ts';
import { expect, test, TINY, waitForMaps } from './helpers.ts';

// Every test in this suite also asserts that no request leaves the origin and that nothing violates
// the Content-Security-Policy (helpers.ts).

test('hostile link values are ignored with notices shown as text, never as HTML or script', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const hostile = new URLSearchParams({
    example: '<img src=x onerror=alert(1)>',
    class: '-1',
    view: 'javascript:alert(1)',
    scale: 'x'.repeat(10_000),
    overlay: '"><script>alert(2)</script>',
    unknown: '<b>bold</b>',
  });
  await page.goto(`/?${TINY}&${hostile}`);
  await waitForMaps(page);
  const notices = page.getByTestId('notice');
  await expect(notices.filter({ hasText: 'Ignored example="<img src=x onerror=alert(1)>"' })).toHaveCount(1);
  await expect(notices.filter({ hasText: 'Ignored view="javascript:alert(1)"' })).toHaveCount(1);
  await expect(notices.filter({ hasText: 'Ignored class' })).toHaveCount(1);
  await expect(notices.filter({ hasText: 'Ignored the unknown link setting "unknown"' })).toHaveCount(1);
  // The long value is cut in the notice, not echoed 10 kB long.
  expect(Math.max(...(await notices.allTextContents()).map((t) => t.length))).toBeLessThan(400);
  await expect(page.locator('main img, .notices img, .notices b, .notices script')).toHaveCount(0);
  expect(dialogs).toEqual([]);
  // The page falls back to the default example and its top class.
  await expect(page.locator('[data-method=vanilla]')).toHaveAttribute('data-class', /^\d+$/);
});

test('malformed class indices are refused by the link; one the model lacks gives way to its likeliest class', async ({ page }) => {
  for (const value of ['100000', '1.5', '1e3', '0x10', ' 7', '-1']) {
    await page.goto(`/?${TINY}&example=eagle&class=${encodeURIComponent(value)}`);
    await expect(page.getByTestId('notice').filter({ hasText: 'Ignored class' }), value).toHaveCount(1);
  }
  // Whether a model has a class is the model's to say (the tiny model has 1001: 0 to 1000).
  for (const value of ['1001', '99999']) {
    await page.goto(`/?${TINY}&example=eagle&class=${value}`);
    await waitForMaps(page);
    await expect(page.getByTestId('image-notes'), value).toContainText(`Class ${value} is not one of`);
    expect(Number(await page.locator('[data-method=vanilla]').getAttribute('data-class'))).toBeLessThan(1001);
  }
});

test('the Content-Security-Policy is served and enforced: an injected inline script does not run', async ({ browser, baseURL }) => {
  // Its own context: the deliberate violation must not trip the suite-wide CSP check.
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto(`${baseURL}/?${TINY}`);
  expect(response!.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  await expect(page.locator('meta[http-equiv=Content-Security-Policy]')).toHaveAttribute('content', CONTENT_SECURITY_POLICY);
  const ran = await page.evaluate(async () => {
    const violation = new Promise<string>((resolve) => document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true }));
    const script = document.createElement('script');
    script.textContent = 'window.injectedRan = true';
    document.head.append(script);
    return { ran: (window as unknown as { injectedRan?: boolean }).injectedRan ?? false, directive: await violation };
  });
  expect(ran).toEqual({ ran: false, directive: 'script-src-elem' });
  await context.close();
});
