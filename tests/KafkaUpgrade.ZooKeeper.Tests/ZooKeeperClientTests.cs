using System.Text;

namespace KafkaUpgrade.ZooKeeper.Tests;

[Collection(ZooKeeperCollection.Name)]
public sealed class ZooKeeperClientTests(ZooKeeperServer server)
{
    private readonly string _base = $"/t-{Guid.NewGuid():N}";

    [ZooKeeperFact]
    public async Task Create_get_children_set_and_delete_honour_versions_and_report_zookeeper_errors()
    {
        await using var zk = await ZooKeeperClient.ConnectAsync(server.Address);
        Assert.Equal(_base, await zk.CreateAsync(_base, null));
        Assert.Equal($"{_base}/a", await zk.CreateAsync($"{_base}/a", "one"u8.ToArray()));
        await zk.CreateAsync($"{_base}/b", []);

        var a = await zk.GetDataAsync($"{_base}/a");
        Assert.Equal("one", a.Text);
        Assert.Equal(0, a.Stat.Version);
        Assert.Equal(3, a.Stat.DataLength);
        Assert.False(a.Stat.IsEphemeral);
        Assert.Equal(["a", "b"], (await zk.GetChildrenAsync(_base)).Order(StringComparer.Ordinal));
        Assert.Equal(2, (await zk.ExistsAsync(_base))!.NumChildren);

        var updated = await zk.SetDataAsync($"{_base}/a", "two"u8.ToArray(), version: 0);
        Assert.Equal(1, updated.Version);
        var stale = await Assert.ThrowsAsync<ZooKeeperException>(() => zk.SetDataAsync($"{_base}/a", "three"u8.ToArray(), version: 0));
        Assert.Equal(ZooKeeperError.BadVersion, stale.Error);
        Assert.Equal("two", (await zk.GetDataAsync($"{_base}/a")).Text);

        var badDelete = await Assert.ThrowsAsync<ZooKeeperException>(() => zk.DeleteAsync($"{_base}/a", version: 0));
        Assert.Equal(ZooKeeperError.BadVersion, badDelete.Error);
        Assert.StartsWith("BADVERSION for " + _base + "/a", badDelete.Message, StringComparison.Ordinal);

        var exists = await Assert.ThrowsAsync<ZooKeeperException>(() => zk.CreateAsync($"{_base}/a", null));
        Assert.Equal(ZooKeeperError.NodeExists, exists.Error);
        var orphan = await Assert.ThrowsAsync<ZooKeeperException>(() => zk.CreateAsync($"{_base}/missing/child", null));
        Assert.Equal(ZooKeeperError.NoNode, orphan.Error);
        var notEmpty = await Assert.ThrowsAsync<ZooKeeperException>(() => zk.DeleteAsync(_base));
        Assert.Equal(ZooKeeperError.NotEmpty, notEmpty.Error);

        await zk.DeleteAsync($"{_base}/a", version: 1);
        Assert.Null(await zk.ExistsAsync($"{_base}/a"));
        var gone = await Assert.ThrowsAsync<ZooKeeperException>(() => zk.GetDataAsync($"{_base}/a"));
        Assert.Equal(ZooKeeperError.NoNode, gone.Error);
        Assert.Equal($"{_base}/a", gone.Path);
        Assert.Equal("NONODE", gone.Error.Name());
        Assert.Null(await zk.TryGetDataAsync($"{_base}/a"));

        Assert.Equal(2, await zk.DeleteRecursiveAsync(_base));
        Assert.Null(await zk.ExistsAsync(_base));
        Assert.Equal(0, await zk.DeleteRecursiveAsync(_base));
    }

    [ZooKeeperFact]
    public async Task Sequential_and_ephemeral_nodes_belong_to_the_session()
    {
        await using var observer = await ZooKeeperClient.ConnectAsync(server.Address);
        await observer.CreateAsync(_base, null);
        string ephemeral;
        long session;
        await using (var owner = await ZooKeeperClient.ConnectAsync(server.Address))
        {
            session = owner.SessionId;
            var first = await owner.CreateAsync($"{_base}/seq-", null, CreateMode.PersistentSequential);
            var second = await owner.CreateAsync($"{_base}/seq-", null, CreateMode.PersistentSequential);
            Assert.Matches(@"/seq-\d{10}$", first);
            Assert.True(string.CompareOrdinal(second, first) > 0, $"{second} after {first}");
            ephemeral = await owner.CreateAsync($"{_base}/owned", "x"u8.ToArray(), CreateMode.Ephemeral);
            var stat = (await observer.ExistsAsync(ephemeral))!;
            Assert.Equal(session, stat.EphemeralOwner);
            Assert.True(stat.IsEphemeral);
        }

        // closeSession removes the session's ephemeral nodes at once.
        Assert.Null(await observer.ExistsAsync(ephemeral));
        Assert.Equal(2, (await observer.GetChildrenAsync(_base)).Count);
        await observer.DeleteRecursiveAsync(_base);
    }

    [ZooKeeperFact]
    public async Task Pings_keep_the_session_alive_well_beyond_its_timeout()
    {
        await using var observer = await ZooKeeperClient.ConnectAsync(server.Address);
        await using var zk = await ZooKeeperClient.ConnectAsync(server.Address, new ZooKeeperClientOptions { SessionTimeout = TimeSpan.FromMilliseconds(3000) });
        var timeout = zk.NegotiatedSessionTimeout;
        var ephemeral = await zk.CreateAsync(_base, null, CreateMode.Ephemeral);

        // A ping goes out after timeout/3 of idleness: six answered pings span two full session timeouts.
        var started = DateTime.UtcNow;
        await Wait.UntilAsync(() => Task.FromResult(zk.PingsAnswered >= 6), "six answered pings");
        Assert.True(DateTime.UtcNow - started > timeout, $"pings spanned {(DateTime.UtcNow - started).TotalMilliseconds:0} ms, timeout {timeout.TotalMilliseconds:0} ms");

        Assert.Equal(zk.SessionId, (await observer.ExistsAsync(ephemeral))!.EphemeralOwner);
        Assert.NotNull(await zk.ExistsAsync(ephemeral));
    }

    [ZooKeeperFact]
    public async Task Without_pings_the_server_expires_the_session_and_the_client_says_SESSIONEXPIRED()
    {
        await using var observer = await ZooKeeperClient.ConnectAsync(server.Address);
        await using var silent = await ZooKeeperClient.ConnectAsync(server.Address, new ZooKeeperClientOptions { SessionTimeout = TimeSpan.FromMilliseconds(1000), KeepAlive = false });
        var ephemeral = await silent.CreateAsync(_base, null, CreateMode.Ephemeral);

        await Wait.UntilAsync(async () => await observer.ExistsAsync(ephemeral) is null, "the server to expire the silent session");
        var expired = await Assert.ThrowsAsync<ZooKeeperException>(() => silent.ExistsAsync("/"));
        Assert.Equal(ZooKeeperError.SessionExpired, expired.Error);
        var again = await Assert.ThrowsAsync<ZooKeeperException>(() => silent.GetChildrenAsync("/"));
        Assert.Equal(ZooKeeperError.SessionExpired, again.Error);
    }

    [ZooKeeperFact]
    public async Task A_chroot_prefixes_every_path_and_is_stripped_from_returned_paths()
    {
        await using var root = await ZooKeeperClient.ConnectAsync(server.Address);
        await root.CreateAsync(_base, null);
        await root.CreateAsync($"{_base}/kafka", null);

        await using var chrooted = await ZooKeeperClient.ConnectAsync($"{server.Address}{_base}/kafka");
        Assert.Equal($"{_base}/kafka", chrooted.Chroot);
        Assert.Equal("/brokers", await chrooted.CreateAsync("/brokers", "b"u8.ToArray()));
        var sequential = await chrooted.CreateAsync("/brokers/n-", null, CreateMode.PersistentSequential);
        Assert.StartsWith("/brokers/n-", sequential, StringComparison.Ordinal);

        Assert.Equal("b", (await root.GetDataAsync($"{_base}/kafka/brokers")).Text);
        Assert.NotNull(await root.ExistsAsync($"{_base}/kafka{sequential}"));
        Assert.Equal(["brokers"], await chrooted.GetChildrenAsync("/"));
        Assert.Null(await root.ExistsAsync("/brokers/n-0000000000"));

        Assert.Equal(2, await chrooted.DeleteRecursiveAsync("/brokers"));
        Assert.Empty(await root.GetChildrenAsync($"{_base}/kafka"));
        await root.DeleteRecursiveAsync(_base);
    }

    [ZooKeeperFact]
    public async Task Data_up_to_the_servers_limit_round_trips()
    {
        await using var zk = await ZooKeeperClient.ConnectAsync(server.Address);
        var data = Encoding.ASCII.GetBytes(new string('k', 1_000_000));
        await zk.CreateAsync(_base, data);
        Assert.Equal(data, (await zk.GetDataAsync(_base)).Data);
        await zk.DeleteAsync(_base);
    }
}
