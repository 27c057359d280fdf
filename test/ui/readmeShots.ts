/**
 * The UI suite's screenshots that the README shows: the step's screenshot name → the file under
 * images/. `npm run screenshots` runs the suite with QUALYS_SCREENSHOTS=1, which writes these there,
 * so the README's pictures are always of the packaged extension as it is; a unit test fails when the
 * README names a picture that is missing, or one of these is not in the README.
 */
export const README_SHOTS: Readonly<Record<string, string>> = {
  '2-suggest': 'images/request.png',
  '4-view-failing': 'images/connectors.png',
  '6-compare-with-live': 'images/compare-with-live.png',
  '7-plan': 'images/plan.png',
  '9-send': 'images/response.png',
  '13-walkthrough': 'images/walkthrough.png',
};

/** Pictures cut to one part of the workbench (a CSS selector), to stay small and legible. */
export const README_CROP: Readonly<Record<string, string>> = {
  '9-send': '.part.editor',
};

/** The environment variable that makes the UI suite write README_SHOTS into images/. */
export const SCREENSHOTS_ENV = 'QUALYS_SCREENSHOTS';

/** The largest picture the README may carry (it ships in the .vsix and is fetched by the Marketplace page). */
export const MAX_SHOT_BYTES = 200 * 1024;
