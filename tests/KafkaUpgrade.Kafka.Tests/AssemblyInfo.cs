// Every wire test starts a front with a listener per node, and many restart nodes. In parallel on a 2-core machine a
// front was once handed the port of another test's restarted node (CI: "Address already in use", before node ports
// stayed bound while a node is down); one test at a time keeps the tests independent of each other's ports.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
