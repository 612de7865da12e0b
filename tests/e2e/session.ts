import type { Browser, Page } from 'playwright-core';
import { TEST_PASSWORD, type StaffLogin } from '../support/factories';
import { launchBrowser } from './browser';
import { PageGuard } from './page-guard';
import { startH5App, type H5App, type H5AppOptions } from './server';

/**
 * What every browser test file needs: the real server serving the H5 build plus Chromium,
 * started once per file, and helpers for pages, selectors and signing in (miniapp/E2E.md).
 */

/** Selectors scoped to the page Taro's router shows (earlier pages stay in the DOM, hidden). */
export const shown = (hook: string) => `.taro_page:not(.taro_page_shade) ${hook}`;

/**
 * Waits until `expression`, evaluated in the page, is true: polled from here with `page.evaluate`
 * (a DevTools call, which the app's Content-Security-Policy does not block), not with
 * `page.waitForFunction`, whose in-page polling evaluates its predicate with `eval` — blocked
 * by the app's CSP whenever the first check is not already true.
 */
export async function waitInPage(page: Page, expression: string, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await page.evaluate<boolean>(expression)) return;
    if (Date.now() > deadline) throw new Error(`waited ${timeout} ms in the page for ${expression}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 900 }
} as const;

/** Who a new page starts signed in as: the token and the `dealer.session` value the mini-program keeps. */
export interface SignIn {
  token: string;
  session:
    | {
        kind: 'staff';
        staff: {
          id: string;
          name: string;
          role: StaffLogin['role'];
          dealershipId: string | null;
          username: string;
        };
      }
    | { kind: 'owner'; ownerId: string };
}

export function asStaff(staff: StaffLogin): SignIn {
  const { id, name, role, dealershipId, username } = staff;
  return {
    token: staff.token,
    session: { kind: 'staff', staff: { id, name, role, dealershipId, username } }
  };
}

/** `token` as returned by POST /api/auth/owner/login (a `Bearer …` header value is accepted too). */
export function asOwner(ownerId: string, token: string): SignIn {
  return { token: token.replace(/^Bearer /, ''), session: { kind: 'owner', ownerId } };
}

export interface PageOptions {
  viewport?: keyof typeof VIEWPORTS;
  /** Start signed in: the session is in localStorage before the first page loads. */
  as?: SignIn;
}

export interface E2E {
  readonly app: H5App;
  readonly browser: Browser;
  /** `path` on the H5 app, e.g. `/#/pages/owner/notices/index`. */
  url(path: string): string;
  /**
   * A page in a fresh browser context (zh-CN); close it with `page.context().close()`.
   * The page is watched: a console error, page error, failed static asset or CSP violation
   * fails the test (page-guard.ts).
   */
  newPage(options?: PageOptions): Promise<Page>;
}

/**
 * Starts the H5 app and the browser in beforeAll and stops them in afterAll of the calling
 * test file; `app` and `browser` can be read inside the tests. After each test, fails it
 * when any of its pages logged an error or a CSP violation or failed to load an asset.
 */
export function useE2E(options: H5AppOptions = {}): E2E {
  let app: H5App | undefined;
  let browser: Browser | undefined;
  const guard = new PageGuard();
  beforeAll(async () => {
    app = await startH5App(options);
    browser = await launchBrowser();
  });
  afterEach(() => {
    const problems = guard.take();
    if (problems.length > 0) throw new Error(`The browser reported problems:\n  ${problems.join('\n  ')}`);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started: use it inside a test`);
    return value;
  };
  const e2e: E2E = {
    get app() {
      return started(app, 'the H5 app');
    },
    get browser() {
      return started(browser, 'the browser');
    },
    url: (path) => `${e2e.app.url}${path}`,
    async newPage({ viewport = 'desktop', as } = {}) {
      // Taro's storage wraps every value as {"data": …}; the session itself is a JSON string.
      const storageState = as
        ? {
            cookies: [],
            origins: [
              {
                origin: e2e.app.url,
                localStorage: [
                  { name: 'dealer.token', value: JSON.stringify({ data: as.token }) },
                  { name: 'dealer.session', value: JSON.stringify({ data: JSON.stringify(as.session) }) }
                ]
              }
            ]
          }
        : undefined;
      const context = await e2e.browser.newContext({
        viewport: VIEWPORTS[viewport],
        locale: 'zh-CN',
        storageState
      });
      const page = await context.newPage();
      guard.watch(page);
      return page;
    }
  };
  return e2e;
}

/** Staff login through the login page, as a user does; ends on the customer list every role lands on. */
export async function logInThroughUi(
  e2e: E2E,
  page: Page,
  staff: Pick<StaffLogin, 'username'>,
  password = TEST_PASSWORD
): Promise<void> {
  await page.goto(e2e.url('/#/pages/login/index?mode=staff'));
  await page.fill(shown('.e2e-login-username input'), staff.username);
  await page.fill(shown('.e2e-login-password input'), password);
  await page.click(shown('.e2e-login-submit'));
  await page.waitForSelector(shown('.e2e-page-staff-customers'));
}
