/** A topology both specs of the failure analysis read. */
// Seed 004: two datacenters, one cluster each, F5 LTMs, a GSLB with one wide IP per app.
export const twoSites = `topology retail
site dc-east provider openstack {
  zone az1 zone az2 zone az3
  rtt az1 az2 1.1ms  rtt az2 az3 1.4ms  rtt az1 az3 2.0ms
}
site dc-west provider openstack {
  zone az1 zone az2 zone az3
  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms
}
rtt dc-east dc-west 38ms
router edge-east { zones dc-east.az1 dc-east.az2 dc-east.az3  ha  external internet }
router edge-west { zones dc-west.az1 dc-west.az2 dc-west.az3  ha  external internet }
network net-east { kind stretched-l2  cidr 10.20.0.0/24  zones dc-east.az1 dc-east.az2 dc-east.az3  gateway edge-east }
network net-west { kind stretched-l2  cidr 10.30.0.0/24  zones dc-west.az1 dc-west.az2 dc-west.az3  gateway edge-west }
cluster ocp-east {
  controlPlane { replicas 3  zones dc-east.az1 dc-east.az2 dc-east.az3  network net-east }
  workers { perZone 2  networks net-east }
}
cluster ocp-west {
  controlPlane { replicas 3  zones dc-west.az1 dc-west.az2 dc-west.az3  network net-west }
  workers { perZone 2  networks net-west }
}
loadBalancer lb-east { provider f5  zones dc-east.az1 dc-east.az2  network net-east  vip 10.20.0.10  members ocp-east }
loadBalancer lb-west { provider f5  zones dc-west.az1 dc-west.az2  network net-west  vip 10.30.0.10  members ocp-west }
gslb gtm { provider powerdns  backends lb-east lb-west  policy round-robin }
app shop {
  clusters ocp-east ocp-west  replicas 6
  url "shop.example.com"  gslb gtm  health "/healthz" every 5s fall 3  readiness "/healthz"
  storage orders { pattern app-async  engine cassandra }
}
app billing {
  clusters ocp-east  replicas 2  gslb gtm  url "billing.example.com"
  storage ledger { pattern none  sites dc-east  backup dc-west every 1h }
}
`;
