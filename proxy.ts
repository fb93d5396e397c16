import { NextResponse, type NextRequest } from 'next/server';

/** Hands the page's `?scan=` to the root layout (layouts do not see search params), so the gaps banner is server-rendered. */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.delete('x-pullcheck-scan');
  const scan = request.nextUrl.searchParams.get('scan');
  if (scan) headers.set('x-pullcheck-scan', scan);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ['/((?!api|_next/static|_next/image|favicon.ico).*)'] };
