/** Absolute addresses of the app's pages, for mails (`publicUrl` of the platform config). */
export interface PublicUrls {
  approve(token: string): string;
  casePage(caseId: string): string;
}

export function publicUrls(base: string): PublicUrls {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new Error(`publicUrl must be an absolute http(s) URL, got "${base}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`publicUrl must be an absolute http(s) URL, got "${base}"`);
  const root = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  return {
    approve: (token) => `${root}/approve/${encodeURIComponent(token)}`,
    casePage: (caseId) => `${root}/cases/${encodeURIComponent(caseId)}`,
  };
}
