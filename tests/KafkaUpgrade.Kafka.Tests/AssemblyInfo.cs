// Every wire test starts a front whose node ports are picked free and held only while the node runs: a restarted
// node reopens its port, and a front of another test running in parallel could have been handed that port in
// between (CI: "Address already in use", 1 run in 5). One test at a time; the simulate process runs one front.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
