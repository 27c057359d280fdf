import picomatch from 'picomatch';

/** Whether a document URI or path matches one of the user's globs (matched against the path's end too, as `files.associations` does). */
export function globMatcher(globs: string[]): (uriOrPath: string) => boolean {
  if (globs.length === 0) return () => false;
  const test = picomatch(globs, { dot: true, nocase: true, contains: false });
  return (uriOrPath) => {
    const path = decodeURIComponent(uriOrPath.replace(/^[a-z][\w+.-]*:\/\//i, '/').replace(/^\/+/, '/'));
    const parts = path.split('/');
    for (let i = 0; i < parts.length; i++) if (test(parts.slice(i).join('/'))) return true;
    return false;
  };
}
