import type { ConsoleMessage, Page, Request, Response } from 'playwright-core';

/**
 * Everything a user would call broken but a page may not show: console errors, uncaught
 * page errors, static assets that fail or answer 4xx/5xx, and Content-Security-Policy
 * violations. Every page the e2e helper opens is watched; a test fails when any occurred.
 *
 * API answers are left to the tests: a 4xx from /api/ is the app's answer to bad input,
 * shown on the page (Chromium still logs it as "Failed to load resource", ignored here).
 */
const CSP_REPORTER = `document.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || '(inline)'));
});`;

export class PageGuard {
  private readonly problems: string[] = [];

  watch(page: Page): void {
    // Chromium reports CSP violations in the console too; the event also names the directive.
    void page.addInitScript({ content: CSP_REPORTER });
    page.on('console', (msg) => this.onConsole(page, msg));
    page.on('pageerror', (err) => this.add(page, `page error: ${err.message}`));
    page.on('response', (res) => this.onResponse(page, res));
    page.on('requestfailed', (req) => this.onRequestFailed(page, req));
  }

  /** The problems seen since the last call, which forgets them. */
  take(): string[] {
    return this.problems.splice(0, this.problems.length);
  }

  private add(page: Page, problem: string): void {
    // Data URIs make messages kilobytes long: the start says what it was.
    const short = problem.length > 400 ? `${problem.slice(0, 300)}…${problem.slice(-80)}` : problem;
    this.problems.push(`${short} (on ${pageUrl(page)})`);
  }

  private onConsole(page: Page, msg: ConsoleMessage): void {
    if (msg.type() !== 'error') return;
    const source = msg.location().url;
    if (msg.text().startsWith('Failed to load resource') && isApi(source)) return;
    this.add(page, `console error: ${msg.text()}${source ? ` [${source}]` : ''}`);
  }

  private onResponse(page: Page, res: Response): void {
    if (res.status() >= 400 && !isApi(res.url())) this.add(page, `${res.status()} for ${res.url()}`);
  }

  private onRequestFailed(page: Page, req: Request): void {
    const failure = req.failure()?.errorText ?? 'failed';
    // A navigation or a closing page cancels what is still loading: not a defect.
    if (failure.includes('ERR_ABORTED')) return;
    this.add(page, `request failed (${failure}) for ${req.url()}`);
  }
}

function isApi(url: string): boolean {
  try {
    return new URL(url).pathname.startsWith('/api/');
  } catch {
    return false;
  }
}

function pageUrl(page: Page): string {
  try {
    return page.url();
  } catch {
    return '(closed page)';
  }
}
