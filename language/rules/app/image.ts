import { defineRule } from '../types.js';

export const image = defineRule({
  id: 'app/image',
  title: 'App deployed to clusters without a container image',
  severity: 'warning',
  description:
    'Flags an app that runs on clusters but declares no `image`. The apps target then writes a placeholder image named after the app, for the CD pipeline to set (`kustomize edit set image`).',
  rationale:
    "The apps target's manifests are what a CD pipeline applies to every cluster at once (seed 004's emulation of federation). An image name without a registry is looked up on Docker Hub, so a placeholder left in place puts every pod of the app in ImagePullBackOff in every cluster together: the app is down in all sites, which no spreading protects against.",
  sources: ['container-images', 'federation-split'],
  examples: {
    fires: `cluster ocp { }\napp shop {\n  clusters ocp\n  replicas 2\n}`,
    passes: `cluster ocp { }\napp shop {\n  clusters ocp\n  replicas 2\n  image "registry.example.com/shop/web:1.4.2"\n}`,
  },
  checkApp(app, { report }) {
    if (app.image !== undefined || !app.clusters.length) return;
    report({
      message: `app ${app.name} declares no image: its generated Deployments run the placeholder "${app.name}" until the CD pipeline sets the real one (\`kustomize edit set image ${app.name}=<registry>/<repository>:<tag>\`); add \`image "<registry>/<repository>:<tag>"\``,
      loc: app.nameLoc,
    });
  },
});
