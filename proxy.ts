import { NextResponse, type NextRequest } from 'next/server';

/**
 * Refuses malformed addresses with 400, and hands the page's `?scan=` to the root layout (layouts do not see search params), so the gaps banner is server-rendered.
 */
export function proxy(request: NextRequest) {
  try {
    decodeURIComponent(request.nextUrl.pathname);
  } catch {
    // Next answers a malformed percent-encoding in a dynamic segment with a 500; it is the client's mistake.
    return new NextResponse('Bad request: the address has malformed percent-encoding.', { status: 400, headers: { 'content-type': 'text/plain' } });
  }
  const headers = new Headers(request.headers);
  headers.delete('x-pullcheck-scan');
  const scan = request.nextUrl.searchParams.get('scan');
  if (scan) headers.set('x-pullcheck-scan', scan);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ['/((?!api|_next/static|_next/image|favicon.ico).*)'] };
