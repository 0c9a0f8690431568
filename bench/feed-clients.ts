/**
 * The feed bench's load, in its own process (bench/feed.bench.ts forks it), so the clients' own work
 * does not run on the server's event loop: `feed-clients.ts <baseUrl> <username> <password>
 * <previewDrawId> <pdfPath,…>`. Signs in once, then, round after round until it gets a message on
 * IPC, fetches every PDF path (16 at once) and the operator's preview, and reports the rounds done.
 */
const [base, username, password, previewId, pathsArg] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const paths = pathsArg.split(',');

const login = await fetch(`${base}/api/auth/login`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ username, password }),
});
if (login.status !== 200) throw new Error(`sign-in: ${login.status}`);
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;

let stop = false;
process.on('message', () => {
  stop = true;
});
process.send!({ ready: true });
let rounds = 0;
while (!stop) {
  await Promise.all([
    ...paths.map(async (p) => {
      const r = await fetch(`${base}${p}`);
      if (r.status !== 200) throw new Error(`${p}: ${r.status}`);
      await r.arrayBuffer();
    }),
    (async () => {
      const r = await fetch(`${base}/api/draws/${previewId}/preview`, { headers: { cookie } });
      if (r.status !== 200) throw new Error(`preview: ${r.status}`);
      await r.arrayBuffer();
    })(),
  ]);
  rounds++;
}
process.send!({ rounds });
process.disconnect();
