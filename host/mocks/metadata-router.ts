// Both cloud klibs in one VM ask 169.254.169.254:80: AWS's IMDS under /latest/, GCE's metadata
// server under /computeMetadata/. klibhost sends one address to one port, so this server takes
// that port and passes each request on, unchanged (no header added: the GCE mock refuses
// X-Forwarded-For, as the real server does), to the mock that serves its path.
import http from 'node:http';
import { Listener, readBody } from './http.ts';

export class MetadataRouter {
  readonly listener: Listener;
  private readonly agent = new http.Agent({ keepAlive: true });

  constructor(private readonly imdsPort: number, private readonly gcpPort: number) {
    this.listener = new Listener((req, res) => this.forward(req, res));
  }

  get port(): number {
    return this.listener.port;
  }

  start(): Promise<number> {
    return this.listener.listen();
  }

  async close(): Promise<void> {
    this.agent.destroy();
    await this.listener.close();
  }

  private async forward(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req);
    const port = (req.url ?? '').startsWith('/computeMetadata/') ? this.gcpPort : this.imdsPort;
    const headers: http.OutgoingHttpHeaders = {};
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      if (req.rawHeaders[i].toLowerCase() !== 'connection') headers[req.rawHeaders[i]] = req.rawHeaders[i + 1];
    }
    await new Promise<void>((done, fail) => {
      const out = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent: this.agent }, answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', done);
        answer.on('error', fail);
      });
      out.on('error', fail);
      out.end(body);
    });
  }
}
