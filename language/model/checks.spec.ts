import { describe, expect, it } from 'vitest';
import { load } from '../../test/support/index.js';

/** The model's own problems: the generators' checks (openshift/*, heat/* ...) are one-check-path's to prove. */
const problems = async (text: string): Promise<string[]> =>
  (await load(text)).model.problems.filter((p) => /^(model|apps)\//.test(p.code)).map((p) => `${p.code}: ${p.message}`);

describe('model checks of an app (what the apps target cannot deploy)', () => {
  it('reads image, port, liveness, requests and secrets into the model, parameters substituted', async () => {
    const { model } = await load(
      'param tag = "1.4.2"\nsecret db env DB_PASSWORD\napp shop { image "registry.example.com/shop:${tag}"  port 9000  liveness "/live"  requests cpu 0.25 memory 512MiB  secrets db }\n',
    );
    const app = model.apps[0]!;
    expect([app.image, app.port, app.liveness]).toEqual(['registry.example.com/shop:1.4.2', 9000, '/live']);
    expect(app.requests).toEqual({ cpu: 0.25, memoryBytes: 512 * 2 ** 20 });
    expect(app.secrets.map((s) => [s.name, s.ref.kind, s.ref.reference])).toEqual([['db', 'env', 'DB_PASSWORD']]);
  });

  it('reports a port outside 1-65535 and an hpa whose min is above its max', async () => {
    expect(await problems('app shop { port 70000  hpa min 5 max 3 }\n')).toEqual([
      'model/range: app shop: hpa min 5 is above max 3: give the lower bound first',
      'model/range: app shop: the port is 70000: give a whole number from 1 to 65535',
    ]);
  });

  it("reports the apps target's refusals only for an app that runs on a cluster", async () => {
    expect(await problems('app Shop_1 { url "not a host" }\n')).toEqual([]);
    expect(await problems('cluster c { }\napp Shop_1 { clusters c  url "not a host" }\n')).toEqual([
      "apps/name: app Shop_1: the name becomes the namespace and the name of its Deployment, Service and Route in every cluster: use lower-case letters, digits and '-', starting with a letter and ending with a letter or digit, at most 63 characters",
      'apps/url: app Shop_1: url "not a host" is not a DNS host name (letters, digits and \'-\' in dot-separated labels): give the host name clients use, e.g. "shop-1.example.com"',
    ]);
  });

  it('accepts a url with a scheme, port and path, and takes the host in lower case', async () => {
    expect(await problems('cluster c { }\napp shop { clusters c  url "https://Shop.Example.com:8443/api" }\n')).toEqual(
      [],
    );
  });

  it('reports a second app claiming a host on a cluster the first one runs on, not one on other clusters', async () => {
    const text =
      'cluster a { }\ncluster b { }\napp one { clusters a  url "shop.example.com" }\napp two { clusters b  url "shop.example.com" }\napp three { clusters b a  url "shop.example.com" }\n';
    expect(await problems(text)).toEqual([
      'apps/url-conflict: app three: url "shop.example.com" is also app one\'s, on a: the router admits only the older of two routes for one host, so one app would not be reached; give each app its own host',
    ]);
  });
});
