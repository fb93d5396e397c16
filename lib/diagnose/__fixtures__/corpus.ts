/**
 * Real pull-error messages, each as it was posted in a public issue tracker (the source beside it), with the class
 * Pullcheck gives it and the image (as printed) and Artifact Registry repository it reads from it. Placeholders the
 * reporters wrote (<PROJECT_ID>, REGION) are kept as posted.
 */
import type { PullErrorClassId } from '../classify';

export interface CorpusMessage {
  source: string;
  text: string;
  classId: PullErrorClassId | null;
  /** The image as the paste names it, or null. */
  image: string | null;
  /** projects/P/locations/L/repositories/R named in the paste, or null. */
  repository: string | null;
  /** GKE node names in the paste, when it holds any. */
  nodes?: string[];
}

export const CORPUS: CorpusMessage[] = [
  {
    source: 'https://github.com/kubernetes/website/issues/14257',
    text: `Failed to pull image "rmeuser-auth:latest": rpc error: code = Unknown desc = Error response from daemon: pull access denied for rmeuser-auth, repository does not exist or may require 'docker login'`,
    classId: 'forbidden',
    image: 'rmeuser-auth:latest',
    repository: null,
  },
  {
    source: 'https://github.com/kubernetes/minikube/issues/20613',
    text: `Failed to pull image "suedostcargo-web": Error response from daemon: pull access denied for suedostcargo-web, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
    classId: 'forbidden',
    image: 'suedostcargo-web',
    repository: null,
  },
  {
    source: 'https://github.com/asatrya/keycloak-traefik-tutorial/issues/2',
    text: `Error response from daemon: pull access denied for hackinglab/hl-kali-docker-ttyd, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
    classId: 'forbidden',
    image: 'hackinglab/hl-kali-docker-ttyd',
    repository: null,
  },
  {
    source: 'https://github.com/confluentinc/demo-siem-optimization/issues/30',
    text: `! Image localbuild/zeek-tcpreplay-kafka                      pull access denied for localbuild/zeek-tcpreplay-kafka, repository does not exist or may require 'docker login'                                                                                     2.1s`,
    classId: 'forbidden',
    image: 'localbuild/zeek-tcpreplay-kafka',
    repository: null,
  },
  {
    source: 'https://github.com/HodorNV/ALOps/issues/375',
    text: `Error response from daemon: pull access denied for myimage, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
    classId: 'forbidden',
    image: 'myimage',
    repository: null,
  },
  {
    source: 'https://github.com/anjia0532/gcr.io_mirror/issues/36',
    text: `Error response from daemon: pull access denied for anjia0532/google_containers.kube-apiserver-amd64, repository does not exist or may require 'docker login'`,
    classId: 'forbidden',
    image: 'anjia0532/google_containers.kube-apiserver-amd64',
    repository: null,
  },
  {
    source: 'https://github.com/harsh-bothra/Bheem/issues/35',
    text: `Error response from daemon: pull access denied for xavier99909/hacktools_bheem, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
    classId: 'forbidden',
    image: 'xavier99909/hacktools_bheem',
    repository: null,
  },
  {
    source: 'https://github.com/wukongdaily/DockerTarBuilder/issues/11',
    text: `Error response from daemon: pull access denied for minio, repository does not exist or may require 'docker login': denied: requested access to the resource is denied
Error: Process completed with exit code 1.`,
    classId: 'forbidden',
    image: 'minio',
    repository: null,
  },
  {
    source: 'https://github.com/micro/kubernetes/issues/37',
    text: `pull access denied for microhq/probe, repository does not exist or may require 'docker login'`,
    classId: 'forbidden',
    image: 'microhq/probe',
    repository: null,
  },
  {
    source: 'https://github.com/StevenACoffman/logsink/issues/4',
    text: `Failed to pull image "docker.io/stevenacoffman/node-echo-server": rpc error: code = Unknown desc = Error response from daemon: pull access denied for stevenacoffman/node-echo-server, repository does not exist or may require 'docker login'`,
    classId: 'forbidden',
    image: 'docker.io/stevenacoffman/node-echo-server',
    repository: null,
  },
  {
    source: 'https://github.com/openimis/openimis-dist_dkr/issues/35',
    text: `Error response from daemon: pull access denied for openimis/backend, the repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
    classId: 'forbidden',
    image: 'openimis/backend',
    repository: null,
  },
  {
    source: 'https://github.com/googlecodelabs/monolith-to-microservices/issues/59',
    text: `Events:
  Type     Reason     Age                  From               Message
  ----     ------     ----                 ----               -------
  Normal   Scheduled  25m                  default-scheduler  Successfully assigned default/monolith-d986d5f5-s7rqg to gke-fancy-cluster-default-pool-69633fd6-dnh1
  Normal   Pulling    24m (x4 over 25m)    kubelet            Pulling image "gcr.io/maloney-scratch/monolith:1.0.0"
  Warning  Failed     24m (x4 over 25m)    kubelet            Failed to pull image "gcr.io/maloney-scratch/monolith:1.0.0": rpc error: code = Unknown desc = failed to pull and unpack image "gcr.io/maloney-scratch/monolith:1.0.0": failed to resolve reference "gcr.io/maloney-scratch/monolith:1.0.0": pulling from host gcr.io failed with status code [manifests 1.0.0]: 403 Forbidden`,
    classId: 'forbidden',
    image: 'gcr.io/maloney-scratch/monolith:1.0.0',
    repository: null,
    nodes: ['gke-fancy-cluster-default-pool-69633fd6-dnh1'],
  },
  {
    source: 'https://github.com/GoogleCloudPlatform/cloud-sql-proxy/issues/2490',
    text: `failed to resolve image: unexpected status from HEAD request to https://gcr.io/v2/cloud-sql-connectors/cloud-sql-proxy/manifests/2.14.1`,
    classId: null,
    image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1',
    repository: null,
  },
  {
    source: 'https://github.com/kubernetes/kubernetes/issues/17086',
    text: `image pull failed for gcr.io/td-middleware/tdb, this may be because there are no credentials on this request.  details: (Error: image td-middleware/tdb:latest not found)`,
    classId: 'anonymous',
    image: 'gcr.io/td-middleware/tdb',
    repository: null,
  },
  {
    source: 'https://github.com/kubernetes-retired/kubernetes-anywhere/issues/119',
    text: `7m     3m      2   {kubelet w}             Warning     FailedSync  Error syncing pod, skipping: failed to "StartContainer" for "POD" with ErrImagePull: "image pull failed for gcr.io/google_containers/pause:2.0, this may be because there are no credentials on this request.  details: (API error (500): Get https://gcr.io/v1/_ping: dial tcp 173.194.72.82:443: i/o timeout\\n)"`,
    classId: 'timeout',
    image: 'gcr.io/google_containers/pause:2.0',
    repository: null,
  },
  {
    source: 'https://github.com/kubernetes/node-problem-detector/issues/1289',
    text: `failed to pull and unpack image "gcr.io/node-problem-detector-staging/ci/node-problem-detector:v1.36.0-alpha.3-89-g8a5df6d6-20260603.1637": failed to resolve reference "gcr.io/node-problem-detector-staging/ci/node-problem-detector:v1.36.0-alpha.3-89-g8a5df6d6-20260603.1637": failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://gcr.io/v2/token?scope=repository%3Anode-problem-detector-staging%2Fci%2Fnode-problem-detector%3Apull&scope=repository%3Anode-problem-detector-staging%2Fgcr.io%2Fci%2Fnode-problem-detector%3Apull&service=gcr.io: 403 Forbidden`,
    classId: 'anonymous',
    image: 'gcr.io/node-problem-detector-staging/ci/node-problem-detector:v1.36.0-alpha.3-89-g8a5df6d6-20260603.1637',
    repository: null,
  },
  {
    source: 'https://github.com/kubernetes/minikube/issues/20281',
    text: `I0116 18:25:25.740535  341384 cache.go:169] failed to download gcr.io/k8s-minikube/kicbase:v0.0.46@sha256:fd2d445ddcc33ebc5c6b68a17e6219ea207ce63c005095ea1525296da2d1a279, will try fallback image if available: getting remote image: GET https://gcr.io/v2/: unexpected status code 403 Forbidden: <!DOCTYPE html>
<html lang=en>
  <meta charset=utf-8>
  <title>Error 403 (Forbidden)!!1</title>`,
    classId: 'forbidden',
    image: null,
    repository: null,
  },
  {
    source: 'https://github.com/kubernetes/kubernetes/issues/27527',
    text: `Jun 15 12:31:50.414: INFO: At {2016-06-15 12:26:47 -0700 PDT} - event for update-demo-nautilus-f6tlo: {kubelet gke-gke-large-cluster-default-pool-1-a6539c52-sfej} BackOff: Back-off pulling image "gcr.io/google_containers/update-demo:nautilus"`,
    classId: null,
    image: 'gcr.io/google_containers/update-demo:nautilus',
    repository: null,
    nodes: ['gke-gke-large-cluster-default-pool-1-a6539c52-sfej'],
  },
  {
    source: 'https://github.com/docker-archive-public/docker.kitematic/issues/1577',
    text: `Error pulling image (latest) from docker.io/library/ubuntu-upstart, Failed to download json: Get https://registry-1.docker.io/v1/images/3c42a74804f79e44845044dad95183b4e4f73207b97f7cfb0fe9305b3c33d27a/json: dial tcp: lookup registry-1.docker.io on 8.8.8.8:53: no such host`,
    classId: 'dns',
    image: null,
    repository: null,
  },
  {
    source: 'https://github.com/kalabox/kalabox-app-pantheon/issues/44',
    text: `Error while pulling image: Get https://index.docker.io/v1/repositories/kalabox/syncthing/images: dial tcp: lookup index.docker.io: no such host`,
    classId: 'dns',
    image: null,
    repository: null,
  },
  {
    source: 'https://github.com/docker/hub-feedback/issues/2376',
    text: `error pulling image configuration: download failed after attempts=6: dialing production.cloudflare.docker.com:443 with direct connection: resolving host production.cloudflare.docker.com: lookup production.cloudflare.docker.com: no such host`,
    classId: 'dns',
    image: null,
    repository: null,
  },
  {
    source: 'https://github.com/docker/for-win/issues/6241',
    text: `Error response from daemon: Get https://registry-1.docker.io/v2/: dial tcp: lookup registry-1.docker.io on 192.168.65.1:53: no such host`,
    classId: 'dns',
    image: null,
    repository: null,
  },
  {
    source: 'https://github.com/hashicorp/waypoint/issues/1880',
    text: `2021-07-18T06:44:28.569Z [ERROR] client.driver_mgr.docker: failed pulling container: driver=docker image_ref=waypoint.local/web:latest error="API error (500): Get "https://waypoint.local/v2/": dial tcp: lookup waypoint.local: no such host"`,
    classId: 'dns',
    image: null,
    repository: null,
  },
  {
    source: 'https://github.com/docker/for-win/issues/7613',
    text: `lookup auth.docker.io on 192.168.65.1:53: no such host`,
    classId: 'dns',
    image: null,
    repository: null,
  },
  {
    source: 'https://github.com/goharbor/harbor-helm/issues/1716',
    text: `Error response from daemon: Get "https://harbor.nutrikorr.com/v2/": dial tcp: lookup harbor.nutrikorr.com on 172.19.192.1:53: no such host`,
    classId: 'dns',
    image: null,
    repository: null,
  },
  {
    source: 'https://github.com/deis/workflow-e2e/issues/297',
    text: `Error while pulling image: Get https://index.docker.io/v1/repositories/deis/example-dockerfile-http/images: dial tcp: lookup index.docker.io on 169.254.169.254:53: dial udp 169.254.169.254:53: network is unreachable`,
    classId: 'dns',
    image: null,
    repository: null,
  },
  {
    source: 'https://github.com/docker-archive-public/docker.kitematic/issues/1346',
    text: `Error while pulling image: Get https://index.docker.io/v1/repositories/tutum/hello-world/images: dial tcp: lookup index.docker.io on 75.75.76.76:53: server misbehaving`,
    classId: 'dns',
    image: null,
    repository: null,
  },
  {
    source: 'https://github.com/docker/for-mac/issues/2285',
    text: `Error response from daemon: Get https://registry-1.docker.io/v2/: dial tcp: lookup registry-1.docker.io on 192.168.65.1:53: read udp 192.168.65.2:42967->192.168.65.1:53: i/o timeout`,
    classId: 'dns',
    image: null,
    repository: null,
  },
  {
    source: 'https://github.com/docker/for-win/issues/13728',
    text: `Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp [2600:1f18:2148:bc00:8334:ca86:c3d6:a507]:443: connect: network is unreachable`,
    classId: 'timeout',
    image: null,
    repository: null,
  },
  {
    source: 'https://github.com/lachie83/k8s-kubectl/issues/157',
    text: `Failed to pull image "lachlanevenson/k8s-kubectl:v1.18.20": rpc error: code = Unknown desc = Error response from daemon: manifest for lachlanevenson/k8s-kubectl:v1.18.20 not found: manifest unknown: manifest unknown`,
    classId: 'manifest-unknown',
    image: 'lachlanevenson/k8s-kubectl:v1.18.20',
    repository: null,
  },
  {
    source: 'https://github.com/anjia0532/gcr.io_mirror/issues/18',
    text: `Error response from daemon: manifest for anjia0532/google-containers.kube-apiserver:latest not found`,
    classId: 'manifest-unknown',
    image: 'anjia0532/google-containers.kube-apiserver:latest',
    repository: null,
  },
  {
    source: 'https://github.com/NileshGule/AKS-learning-series/issues/6',
    text: `Failed to pull image "rahulsahay19/aksweb": rpc error: code = Unknown desc = Error response from daemon: manifest for rahulsahay19/aksweb:latest not found: manifest unknown: manifest unknown`,
    classId: 'manifest-unknown',
    image: 'rahulsahay19/aksweb',
    repository: null,
  },
  {
    source: 'https://github.com/ColeMurray/keras-inception-v3-tutorial/issues/1',
    text: `Error response from daemon: manifest for gcr.io/tensorflow-189411/predict_service:latest not found`,
    classId: 'manifest-unknown',
    image: 'gcr.io/tensorflow-189411/predict_service:latest',
    repository: null,
  },
  {
    source: 'https://github.com/ciiiii/cloudflare-docker-proxy/issues/90',
    text: `Error response from daemon: manifest for docker.14790897.xyz/14790897/openwrt:86_64 not found: manifest unknown: manifest unknown`,
    classId: 'manifest-unknown',
    image: 'docker.14790897.xyz/14790897/openwrt:86_64',
    repository: null,
  },
  {
    source: 'https://github.com/alex3025/ilo-fans-controller/issues/16',
    text: `latest: Pulling from alex3025/ilo-fans-controller
manifest unknown`,
    classId: 'manifest-unknown',
    image: null,
    repository: null,
  },
  {
    source: 'https://github.com/pixie-io/pixie/issues/2203',
    text: `Events:
  Type     Reason   Age                  From     Message
  ----     ------   ----                 ----     -------
  Normal   Pulling  47m (x4 over 61m)    kubelet  Pulling image "gcr.io/pixie-oss/pixie-prod/cloud-profile_server_image:latest"
  Warning  Failed   44m (x4 over 58m)    kubelet  Error: ErrImagePull
  Warning  Failed   43m (x8 over 58m)    kubelet  Error: ImagePullBackOff
  Warning  Failed   34m (x6 over 58m)    kubelet  Failed to pull image "gcr.io/pixie-oss/pixie-prod/cloud-profile_server_image:latest": rpc error: code = Unknown desc = Error response from daemon: manifest for gcr.io/pixie-oss/pixie-prod/cloud-profile_server_image:latest not found: manifest unknown: Failed to fetch "latest"
  Normal   BackOff  69s (x159 over 58m)  kubelet  Back-off pulling image "gcr.io/pixie-oss/pixie-prod/cloud-profile_server_image:latest"`,
    classId: 'manifest-unknown',
    image: 'gcr.io/pixie-oss/pixie-prod/cloud-profile_server_image:latest',
    repository: null,
  },
  {
    source: 'https://github.com/kelseyhightower/kubernetes-envoy-sds/issues/5',
    text: `Error response from daemon: manifest for gcr.io/hightowerlabs/kubernetes-envoy-sds:0.0.1 not found: manifest unknown: Failed to fetch "0.0.1" from request "/v2/hightowerlabs/kubernetes-envoy-sds/manifests/0.0.1".`,
    classId: 'manifest-unknown',
    image: 'gcr.io/hightowerlabs/kubernetes-envoy-sds:0.0.1',
    repository: null,
  },
  {
    source: 'https://github.com/rafik8/istio-workshop-labs/issues/1',
    text: `Failed to pull image "gcr.io/srecon19-workshop-250603/frontend:v0.1.3": rpc error: code = Unknown desc = Error response from daemon: Get https://gcr.io/v2/srecon19-workshop-250603/frontend/manifests/v0.1.3: unknown: Project 'project:srecon19-workshop-250603' not found or deleted.`,
    classId: 'project-gone',
    image: 'gcr.io/srecon19-workshop-250603/frontend:v0.1.3',
    repository: null,
  },
  {
    source: 'https://github.com/RoadieHQ/kubewise/issues/59',
    text: `Warning  Failed     5m40s (x4 over 7m8s)  kubelet            Failed to pull image "us.gcr.io/larder-prod/kubewise:0.11.11": rpc error: code = Unknown desc = Error response from daemon: Head "https://us.gcr.io/v2/larder-prod/kubewise/manifests/0.11.11": unknown: Project 'project:larder-prod' not found or deleted.`,
    classId: 'project-gone',
    image: 'us.gcr.io/larder-prod/kubewise:0.11.11',
    repository: null,
  },
  {
    source: 'https://github.com/RoadieHQ/kubewise/issues/59 (title)',
    text: `Trying to install "https://us.gcr.io/v2/larder-prod/kubewise/manifests/0.11.11": unknown: Project 'project:larder-prod' not found or deleted`,
    classId: 'project-gone',
    image: 'us.gcr.io/larder-prod/kubewise:0.11.11',
    repository: null,
  },
  {
    source: 'https://github.com/googleapis/gapic-generator-kotlin/issues/51',
    text: `docker: Error response from daemon: Head https://gcr.io/v2/kotlin-gapic/kgen/manifests/latest: unknown: Project 'project:kotlin-gapic' not found or deleted.`,
    classId: 'project-gone',
    image: 'gcr.io/kotlin-gapic/kgen:latest',
    repository: null,
  },
  {
    source: 'https://github.com/GoogleCloudPlatform/cloud-sql-proxy/issues/619',
    text: `Error response from daemon: Get https://gcr.io/v2/cloudsql-docker/gce-proxy/manifests/latest: denied: Project cloudsql-docker has been deleted.`,
    classId: 'project-gone',
    image: 'gcr.io/cloudsql-docker/gce-proxy:latest',
    repository: null,
  },
  {
    source: 'https://github.com/GoogleCloudPlatform/cloud-sql-proxy/issues/619 (comment)',
    text: `Error response from daemon: pull access denied for gcr.io/cloudsql-docker/gce-proxy, repository does not exist or may require 'docker login': denied: Permission denied for "1.19.1" from request "/v2/cloudsql-docker/gce-proxy/manifests/1.19.1".`,
    classId: 'forbidden',
    image: 'gcr.io/cloudsql-docker/gce-proxy',
    repository: null,
  },
  {
    source: 'https://github.com/paketo-buildpacks/python/issues/1043',
    text: `Error response from daemon: Head "https://gcr.io/v2/paketo-buildpacks/python/manifests/latest": denied: denied: Project #761227957636 has been deleted.`,
    classId: 'project-gone',
    image: 'gcr.io/paketo-buildpacks/python:latest',
    repository: null,
  },
  {
    source: 'https://github.com/opsgy/loki-rule-operator/issues/11',
    text: `Error response from daemon: pull access denied for eu.gcr.io/opsgy-com/loki-rule-operator, repository does not exist or may require 'docker login': denied: Permission denied for "v0.5.0" from request "/v2/opsgy-com/loki-rule-operator/manifests/v0.5.0".`,
    classId: 'forbidden',
    image: 'eu.gcr.io/opsgy-com/loki-rule-operator',
    repository: null,
  },
  {
    source: 'https://github.com/google/slo-generator/issues/427',
    text: `Error response from daemon: pull access denied for gcr.io/slo-generator-ci-a2b4/slo-generator, repository does not exist or may require 'docker login': denied: Permission denied for "2.5.2" from request "/v2/slo-generator-ci-a2b4/slo-generator/manifests/2.5.2"`,
    classId: 'forbidden',
    image: 'gcr.io/slo-generator-ci-a2b4/slo-generator',
    repository: null,
  },
  {
    source: 'https://github.com/google/oauth2l/issues/172',
    text: `Error response from daemon: Head "https://gcr.io/v2/oauth2l/oauth2l/manifests/latest": error parsing HTTP 412 response body: invalid character 'R' looking for beginning of value: "Request Rejected: Please contact project owners"`,
    classId: 'container-registry-retired',
    image: 'gcr.io/oauth2l/oauth2l:latest',
    repository: null,
  },
  {
    source: 'https://github.com/openclarity/apiclarity/issues/412',
    text: `Error response from daemon: Head "https://gcr.io/v2/eticloud/k8sec/scn-dast/manifests/f425b0aefe272d6707649c0a9845eabceade7f91": unknown: Container Registry is deprecated and shutting down, please use the auto migration tool to migrate to Artifact Registry (gcloud artifacts docker upgrade migrate --projects='eticloud'). For more details see: https://cloud.google.com/artifact-registry/docs/transition/auto-migrate-gcr-ar`,
    classId: 'container-registry-retired',
    image: 'gcr.io/eticloud/k8sec/scn-dast:f425b0aefe272d6707649c0a9845eabceade7f91',
    repository: null,
  },
  {
    source: 'https://github.com/brunsgaard/eks-nvme-ssd-provisioner/issues/1',
    text: `error pulling image configuration: error parsing HTTP 403 response body: invalid character '<' looking for beginning of value: "<?xml version='1.0' encoding='UTF-8'?><Error><Code>UserProjectAccountProblem</Code><Message>User project billing account not in good standing.</Message><Details>The billing account for the owning project is disabled in state delinquent</Details></Error>"`,
    classId: 'forbidden',
    image: null,
    repository: null,
  },
  {
    source: 'https://github.com/isard-vdi/isard/issues/448',
    text: `Error response from daemon: error parsing HTTP 403 response body: invalid character '<' looking for beginning of value: "<!DOCTYPE html>\\n<html lang=en>\\n  <meta charset=utf-8>\\n  <title>Error 403 (Forbidden)!!1</title>`,
    classId: 'forbidden',
    image: null,
    repository: null,
  },
  {
    source: 'https://github.com/terraform-google-modules/terraform-google-kubernetes-engine/issues/1779',
    text: `gkhaikin@gke-dev-speech-gke-c-general-node-poo-c89780f4-wh8w ~ $ docker pull europe-west2-docker.pkg.dev/<PROJECT_ID>/ml/app:4.19.5
Error response from daemon: Head "https://europe-west2-docker.pkg.dev/v2/<PROJECT_ID>/ml/app/manifests/4.19.5": denied: Permission "artifactregistry.repositories.downloadArtifacts" denied on resource "projects/<PROJECT_ID>/locations/europe-west2/repositories/ml" (or it may not exist)`,
    classId: 'forbidden',
    image: null,
    repository: null,
    nodes: ['gke-dev-speech-gke-c-general-node-poo-c89780f4-wh8w'],
  },
  {
    source: 'https://github.com/GoogleContainerTools/skaffold/issues/6743',
    text: `getting image id from finished build: getting image: GET https://REGION-docker.pkg.dev/v2/token?scope=repository%3APROJECT-NAME%2FREPO-NAME%2Fnodejs-hello-world%3Apull&service=REGION-docker.pkg.dev: DENIED: Permission "artifactregistry.repositories.downloadArtifacts" denied on resource "projects/PROJECT-NAME/locations/REGION/repositories/REPO-NAME" (or it may not exist)`,
    classId: 'forbidden',
    image: 'region-docker.pkg.dev/PROJECT-NAME/REPO-NAME/nodejs-hello-world',
    repository: null,
  },
  {
    source: 'https://github.com/googleapis/google-cloud-python/issues/10663',
    text: `denied: Permission "artifactregistry.repositories.downloadArtifacts" denied on resource`,
    classId: 'forbidden',
    image: null,
    repository: null,
  },
  {
    source: 'https://github.com/neuvector/neuvector-helm/issues/148',
    text: `denied: Permission "artifactregistry.repositories.downloadArtifacts" denied`,
    classId: 'forbidden',
    image: null,
    repository: null,
  },
  {
    source: 'https://github.com/microsoft/vscode-remote-release/issues/6920',
    text: `failed to fetch oauth token: unexpected status: 403 Forbidden`,
    classId: 'forbidden',
    image: null,
    repository: null,
  },
  {
    source: 'https://github.com/rossoctl/rossoctl/issues/116',
    text: `Warning  Failed     13s (x2 over 26s)  kubelet            Failed to pull image "ghcr.io/kagenti/kagenti-client-registration:latest": failed to pull and unpack image "ghcr.io/kagenti/kagenti-client-registration:latest": failed to resolve reference "ghcr.io/kagenti/kagenti-client-registration:latest": failed to authorize: failed to fetch oauth token: unexpected status from GET request to https://ghcr.io/token?scope=repository%3Akagenti%2Fkagenti-client-registration%3Apull&service=ghcr.io: 403 Forbidden`,
    classId: 'forbidden',
    image: 'ghcr.io/kagenti/kagenti-client-registration:latest',
    repository: null,
  },
  {
    source: 'https://github.com/jfrog/jfrog-credentials-provider/issues/41',
    text: String.raw`Feb 23 03:45:19 ip-10-10-2-97.ap-southeast-2.compute.internal kubelet[849883]: E0223 03:45:19.078505  849883 pod_workers.go:1301] "Error syncing pod, skipping" err="failed to \"StartContainer\" for \"test-jfrog-pull\" with ImagePullBackOff: \"Back-off pulling image \\\"heidiai.jfrog.io/heidiai-docker/heidi-ml-scribe:pr-6940\\\": ErrImagePull: failed to pull and unpack image \\\"heidiai.jfrog.io/heidiai-docker/heidi-ml-scribe:pr-6940\\\": failed to resolve reference \\\"heidiai.jfrog.io/heidiai-docker/heidi-ml-scribe:pr-6940\\\": failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://heidiai.jfrog.io/artifactory/api/docker/heidiai-docker/v2/token?scope=repository%3Aheidi-ml-scribe%3Apull&scope=repository%3Aheidiai-docker%2Fheidi-ml-scribe%3Apull&service=heidiai.jfrog.io: 401 \"" pod="ml-scribe/test-jfrog-pull" podUID="881714f8-bb5e-4c8f-842d-7f703d2fcee0"`,
    classId: 'anonymous',
    image: 'heidiai.jfrog.io/heidiai-docker/heidi-ml-scribe:pr-6940',
    repository: null,
  },
  {
    source: 'https://github.com/kastenhq/kubestr/issues/66',
    text: `  Warning  Failed                  1s (x2 over 14s)   kubelet                  Failed to pull image "ghcr.io/kastenhq/kubestr:latest": rpc error: code = Unknown desc = error pulling image configuration: denied: unauthenticated: User cannot be authenticated with the token provided.`,
    classId: 'unauthorized',
    image: 'ghcr.io/kastenhq/kubestr:latest',
    repository: null,
  },
  {
    source: 'https://oneuptime.com/blog/post/2026-02-17-how-to-fix-imagepullbackoff-errors-in-google-kubernetes-engine-deployments/view',
    text: `Warning  Failed   Failed to pull image "us-docker.pkg.dev/my-project/my-repo/my-app:v1.2.3":
  unauthorized: failed to authorize`,
    classId: 'unauthorized',
    image: 'us-docker.pkg.dev/my-project/my-repo/my-app:v1.2.3',
    repository: null,
  },
  {
    source: 'https://github.com/containerd/containerd/pull/2011',
    text: `ctr: failed to resolve reference "docker.io/library/go:nanoserver": server message: insufficient_scope: authorization failed`,
    classId: 'insufficient-scope',
    image: 'docker.io/library/go:nanoserver',
    repository: null,
  },
  {
    source: 'https://github.com/ciiiii/cloudflare-docker-proxy/issues/98',
    text: String.raw`E0102 21:10:37.610356   13696 remote_image.go:180] "PullImage from image service failed" err="rpc error: code = Unknown desc = failed to pull and unpack image \"docker.io/library/nginx:latest\": failed to copy: httpReadSeeker: failed open: unexpected status code https://docker.xxxxxx.xxx/v2/library/nginx/blobs/sha256:566e42bcee1cd697dcab6098c082789af33bc8cbcbaa95c8adbad87283c85c75?ns=docker.io: 400 Bad Request" image="nginx"`,
    classId: null,
    image: 'docker.io/library/nginx:latest',
    repository: null,
  },
  {
    source: 'https://github.com/FoundationDB/fdb-kubernetes-operator/issues/2294',
    text: `  Warning  Failed     5s (x3 over 52s)   kubelet            Failed to pull image "foundationdb/fdb-kubernetes-operator:v2.6.0": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/foundationdb/fdb-kubernetes-operator:v2.6.0": no match for platform in manifest: not found`,
    classId: 'architecture',
    image: 'foundationdb/fdb-kubernetes-operator:v2.6.0',
    repository: null,
  },
  {
    source: 'https://github.com/rancher/rancher/issues/32340',
    text: `pod/operator-init-monitoring-operator-lng8l                     Failed to pull image “rancher/istio-kubectl:1.5.10”: rpc error: code = NotFound desc = failed to pull and unpack image “docker.io/rancher/istio-kubectl:1.5.10”: no match for platform in manifest: not found`,
    classId: 'architecture',
    image: 'rancher/istio-kubectl:1.5.10',
    repository: null,
  },
  {
    source: 'https://github.com/kube-rbac-proxy/kube-rbac-proxy/issues/79',
    text: `Failed to pull image "quay.io/brancz/kube-rbac-proxy:v0.10.0": rpc error: code = Unknown desc = no matching manifest for linux/arm64/v8 in the manifest list entries`,
    classId: 'architecture',
    image: 'quay.io/brancz/kube-rbac-proxy:v0.10.0',
    repository: null,
  },
  {
    source: 'https://github.com/link-assistant/hive-mind/issues/962',
    text: `Error response from daemon: no matching manifest for linux/arm64/v8 in the manifest list entries: no match for platform in manifest: not found`,
    classId: 'architecture',
    image: null,
    repository: null,
  },
  {
    source: 'https://github.com/k3s-io/k3s/issues/5445',
    text: `Failed to pull image "quay.io/cilium/operator-generic:v1.11.3@sha256:5b81db7a32cb7e2d00bb3cf332277ec2b3be239d9e94a8d979915f4e6648c787": rpc error: code = NotFound desc = failed to pull and unpack image "quay.io/cilium/operator-generic@sha256:5b81db7a32cb7e2d00bb3cf332277ec2b3be239d9e94a8d979915f4e6648c787": no match for platform in manifest: not found`,
    classId: 'architecture',
    image: 'quay.io/cilium/operator-generic:v1.11.3@sha256:5b81db7a32cb7e2d00bb3cf332277ec2b3be239d9e94a8d979915f4e6648c787',
    repository: null,
  },
  {
    source: 'https://github.com/cilium/image-tools/issues/61',
    text: `  Warning  Failed     12s (x3 over 57s)    kubelet, ubuntu4g  Failed to pull image "docker.io/cilium/startup-script:af2a99046eca96c0138551393b21a5c044c7fe79": rpc error: code = Unknown desc = no matching manifest for linux/arm/v7 in the manifest list entries`,
    classId: 'architecture',
    image: 'docker.io/cilium/startup-script:af2a99046eca96c0138551393b21a5c044c7fe79',
    repository: null,
  },
  {
    source: 'https://github.com/moby/moby/issues/39201',
    text: `3.1: Pulling from pause
no matching manifest for linux/arm64/unknown in the manifest list entries`,
    classId: 'architecture',
    image: null,
    repository: null,
  },
  {
    source: 'https://github.com/ndless-nspire/Ndless/issues/281',
    text: 'Pulling Schema 1 images have been deprecated and disabled by default since containerd v2.0. As a workaround you may set an environment variable `CONTAINERD_ENABLE_DEPRECATED_PULL_SCHEMA_1_IMAGE=1`, but this will be completely removed in containerd v2.1.',
    classId: 'schema1',
    image: null,
    repository: null,
  },
  {
    source: 'https://github.com/moby/moby/pull/47459',
    text: `Error response from daemon: [DEPRECATION NOTICE] Docker Image Format v1 and Docker Image manifest version 2, schema 1 support is disabled by default and will be removed in an upcoming release. Suggest the author of docker.io/library/docker:1.0 to upgrade the image to the OCI Format, or Docker Image manifest v2, schema 2. More information at https://docs.docker.com/go/deprecated-image-specs/`,
    classId: 'schema1',
    image: null,
    repository: null,
  },
  {
    source: 'https://github.com/moby/moby/issues/44521',
    text: `docker pull quay.io/goswagger/swagger:0.7.4
Error response from daemon: application/vnd.docker.distribution.manifest.v1+prettyjws not supported`,
    classId: 'schema1',
    image: null,
    repository: null,
  },
  {
    source: 'https://github.com/google/go-containerregistry/issues/424',
    text: `failed to copy image: reading image "XXXXX": unrecognized HTTP status: 429 Too Many Requests`,
    classId: 'rate-limited',
    image: null,
    repository: null,
  },
  {
    source: 'https://github.com/ScribeMD/docker-cache/issues/829',
    text: `ERROR: failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/library/rust/manifests/sha256:de6e081a4e9c10e70731071cec6f629892da1bbaa24b478a96bdc59060674117: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit`,
    classId: 'rate-limited',
    image: 'registry-1.docker.io/library/rust@sha256:de6e081a4e9c10e70731071cec6f629892da1bbaa24b478a96bdc59060674117',
    repository: null,
  },
  {
    source: 'https://github.com/namespacelabs/foundation/issues/846',
    text: `  Warning  Failed     50s (x4 over 2m24s)  kubelet            Failed to pull image "index.docker.io/jaegertracing/all-in-one@sha256:8d0bff43db3ce5c528cb6f957520511d263d7cceee012696e4afdc9087919bb9": rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/jaegertracing/all-in-one@sha256:8d0bff43db3ce5c528cb6f957520511d263d7cceee012696e4afdc9087919bb9": failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/jaegertracing/all-in-one/manifests/sha256:8d0bff43db3ce5c528cb6f957520511d263d7cceee012696e4afdc9087919bb9: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit.`,
    classId: 'rate-limited',
    image: 'index.docker.io/jaegertracing/all-in-one@sha256:8d0bff43db3ce5c528cb6f957520511d263d7cceee012696e4afdc9087919bb9',
    repository: null,
  },
  {
    source: 'https://github.com/docker/docs/issues/21908',
    text: `Error: INSTALLATION FAILED: failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/bitnamicharts/drupal/manifests/sha256:9538e0c4fd55aa75d75f6846bc99b1ecddad3a4ffbb7cbf8d0fc8578a5c2b02f: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit`,
    classId: 'rate-limited',
    image: 'registry-1.docker.io/bitnamicharts/drupal@sha256:9538e0c4fd55aa75d75f6846bc99b1ecddad3a4ffbb7cbf8d0fc8578a5c2b02f',
    repository: null,
  },
  {
    source: 'https://github.com/docker/hub-feedback/issues/2040',
    text: `2020-10-23 14:21:57,707 [http-nio-8081-exec-253] [ERROR] (o.a.a.d.r.v.DockerV2RemoteRepoHandler:469) - Unable to create manifest markers for 'docker-remote:library/redmine/sha256__991c3847972deff8d8318f971783966066afbc39e6f6a2144f8a9a168b242f58/manifest.json': 'Error fetching https://registry-1.docker.io/v2/library/redmine/manifests/sha256:991c3847972deff8d8318f971783966066afbc39e6f6a2144f8a9a168b242f58 (remote response: 429: Too Many Requests)'`,
    classId: 'rate-limited',
    image: 'registry-1.docker.io/library/redmine@sha256:991c3847972deff8d8318f971783966066afbc39e6f6a2144f8a9a168b242f58',
    repository: null,
  },
  {
    source: 'https://github.com/theohbrothers/docker-imap-backup/issues/53',
    text: `  Error response from daemon: error parsing HTTP 429 response body: invalid character 'T' looking for beginning of value: "Too Many Requests (HAP429).\\n"`,
    classId: 'rate-limited',
    image: null,
    repository: null,
  },
  {
    source: 'https://github.com/zebrunner/mcloud-agent/issues/235',
    text: `"stderr": "Error response from daemon: toomanyrequests: Rate exceeded",`,
    classId: 'rate-limited',
    image: null,
    repository: null,
  },
];
