// The project's deployment rules, beyond what the API schemas can say. Each returns a list of problems.

/** The app's own shutdown grace (HostOptions.ShutdownTimeout): the kubelet must wait longer than it plus preStop. */
export const AppShutdownSeconds = 5;

export function checkObject(object) {
  switch (object.kind) {
    case "Deployment": return deployment(object);
    case "Service": return service(object);
    case "HorizontalPodAutoscaler": return (object.spec?.minReplicas ?? 1) >= 2 ? [] : ["spec.minReplicas must be at least 2"];
    case "ServiceAccount": return object.automountServiceAccountToken === false ? [] : ["automountServiceAccountToken must be false"];
    default: return [];
  }
}

function deployment(d) {
  const problems = [];
  const spec = d.spec ?? {};
  const pod = spec.template?.spec ?? {};
  if (!Number.isInteger(spec.replicas) || spec.replicas < 2) problems.push("spec.replicas must be at least 2");
  const podSecurity = pod.securityContext ?? {};
  if (pod.automountServiceAccountToken !== false) problems.push("pod: automountServiceAccountToken must be false");
  if (podSecurity.seccompProfile?.type !== "RuntimeDefault") problems.push("pod: seccompProfile must be RuntimeDefault");
  if (!(pod.topologySpreadConstraints ?? []).some(t => t.topologyKey === "kubernetes.io/hostname"))
    problems.push("pod: pods must be spread across nodes (topologySpreadConstraints on kubernetes.io/hostname)");
  for (const c of pod.containers ?? []) {
    const at = `container ${c.name}`;
    const security = c.securityContext ?? {};
    if ((security.runAsNonRoot ?? podSecurity.runAsNonRoot) !== true) problems.push(`${at}: runAsNonRoot must be true`);
    if (security.readOnlyRootFilesystem !== true) problems.push(`${at}: readOnlyRootFilesystem must be true`);
    if (security.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation must be false`);
    if (!(security.capabilities?.drop ?? []).includes("ALL")) problems.push(`${at}: capabilities must drop ALL`);
    for (const kind of ["requests", "limits"])
      for (const resource of ["cpu", "memory"])
        if (c.resources?.[kind]?.[resource] === undefined) problems.push(`${at}: resources.${kind}.${resource} must be set`);
    const ports = new Set((c.ports ?? []).map(p => p.containerPort));
    for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
      const grpc = c[probe]?.grpc;
      if (!grpc) problems.push(`${at}: ${probe} must be a grpc probe (grpc.health.v1)`);
      else if (!ports.has(grpc.port)) problems.push(`${at}: ${probe} must probe a port the container declares`);
    }
    for (const env of c.env ?? [])
      if (/^ConnectionStrings__/.test(env.name) && !env.valueFrom?.secretKeyRef)
        problems.push(`${at}: ${env.name} must come from a Secret (secretKeyRef), not a literal`);
    const preStop = c.lifecycle?.preStop?.sleep?.seconds ?? 0;
    const grace = pod.terminationGracePeriodSeconds ?? 30;
    if (grace <= AppShutdownSeconds + preStop)
      problems.push(`${at}: terminationGracePeriodSeconds (${grace}) must exceed the app's ${AppShutdownSeconds} s shutdown plus preStop (${preStop} s)`);
    const writable = new Set((c.volumeMounts ?? []).map(m => m.mountPath));
    if (!writable.has("/tmp")) problems.push(`${at}: /tmp must be a writable volume (the root file system is read-only)`);
  }
  return problems;
}

function service(s) {
  // gRPC pins each HTTP/2 connection to one pod; plain L4 balancing over a cluster IP would not spread calls.
  return s.spec?.clusterIP === "None" ? [] : ["spec.clusterIP must be None (headless): clients balance gRPC calls over the pods"];
}
