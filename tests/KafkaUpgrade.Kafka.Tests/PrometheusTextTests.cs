using System.Net;
using KafkaUpgrade.Kafka.Metrics;

namespace KafkaUpgrade.Kafka.Tests;

public sealed class PrometheusTextTests
{
    private const string Sample = """
        # HELP kafka_server_BrokerTopicMetrics_OneMinuteRate Attribute exposed for management
        # TYPE kafka_server_BrokerTopicMetrics_OneMinuteRate gauge
        kafka_server_BrokerTopicMetrics_OneMinuteRate{name="BytesInPerSec",} 1048576.5
        kafka_server_BrokerTopicMetrics_OneMinuteRate{name="BytesInPerSec",topic="orders",} 1000.0
        kafka_controller_KafkaController_Value{name="ZkMigrationState",} 1.0 1712345678000
        weird{path="a\"b\\c"} NaN
        """;

    [Fact]
    public void Parses_the_jmx_exporter_format()
    {
        var samples = PrometheusText.Parse(Sample);

        Assert.Equal(4, samples.Count);
        Assert.Equal(1048576.5, samples[0].Value);
        Assert.Equal("orders", samples[1].Labels["topic"]);
        Assert.Equal("a\"b\\c", samples[3].Labels["path"]);
        Assert.True(double.IsNaN(samples[3].Value));
    }

    [Fact]
    public void Selector_prefers_the_broker_wide_sample_over_per_topic_ones()
    {
        var samples = PrometheusText.Parse(Sample);

        Assert.Equal(1048576.5, MetricSelector.Parse("kafka_server_BrokerTopicMetrics_OneMinuteRate{name=\"BytesInPerSec\"}").Select(samples));
        Assert.Equal(1.0, MetricSelector.Parse("kafka_controller_KafkaController_Value{name=\"ZkMigrationState\"}").Select(samples));
        Assert.Null(MetricSelector.Parse("absent_metric").Select(samples));
    }

    [Fact]
    public void Garbage_names_its_line()
    {
        var error = Assert.Throws<FormatException>(() => PrometheusText.Parse("ok_metric 1\n<html><body>Login</body></html>"));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_metrics_url_answering_garbage_names_node_and_url()
    {
        using var http = new HttpClient(new FixedHandler(HttpStatusCode.OK, "<html>proxy login</html>"));
        var scraper = new NodeMetricsScraper("prod", new MetricsOptions { UrlTemplate = "http://{host}:7071/metrics" }, http);

        var error = await Assert.ThrowsAsync<MetricsUnavailableException>(() => scraper.ScrapeAsync(new NodeEndpoint(3, "kafka-3.example", 9092)));

        Assert.Equal(3, error.NodeId);
        Assert.Contains("node 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("http://kafka-3.example:7071/metrics", error.Message, StringComparison.Ordinal);
        Assert.Contains("not Prometheus text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_status_and_a_missing_metric_are_errors_not_zero()
    {
        using var failing = new HttpClient(new FixedHandler(HttpStatusCode.ServiceUnavailable, "down"));
        var scraper = new NodeMetricsScraper("prod", new MetricsOptions { UrlTemplate = "http://127.0.0.1:{port}/nodes/{id}/metrics" }, failing);
        var status = await Assert.ThrowsAsync<MetricsUnavailableException>(() => scraper.ScrapeAsync(new NodeEndpoint(7, "h", 19092)));
        Assert.Contains("http://127.0.0.1:19092/nodes/7/metrics", status.Message, StringComparison.Ordinal);
        Assert.Contains("503", status.Message, StringComparison.Ordinal);

        using var other = new HttpClient(new FixedHandler(HttpStatusCode.OK, "jvm_threads_current 12\n"));
        var missing = new NodeMetricsScraper("prod", new MetricsOptions { UrlTemplate = "http://{host}:7071/metrics" }, other);
        var error = await Assert.ThrowsAsync<MetricsUnavailableException>(() => missing.ReadAsync(new NodeEndpoint(1, "h", 9092), missing.BytesIn));
        Assert.Contains("kafka_server_brokertopicmetrics_bytesin_total", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_that_is_not_a_url_is_refused_at_once()
    {
        using var http = new HttpClient();
        Assert.Throws<FormatException>(() => new NodeMetricsScraper("prod", new MetricsOptions { UrlTemplate = "{host}:7071" }, http));
    }

    internal sealed class FixedHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body) });
    }
}

public sealed class ClusterMetricsTests
{
    [Fact]
    public async Task Produce_rate_is_the_counter_increase_over_the_exporters_own_time()
    {
        var bodies = new Queue<string>(["kafka_server_brokertopicmetrics_bytesin_total 1000 1000000\n", "kafka_server_brokertopicmetrics_bytesin_total 61000 1060000\n"]);
        using var http = new HttpClient(new SequenceHandler(bodies));
        var metrics = new ClusterMetrics("prod", new NodeMetricsScraper("prod", new MetricsOptions { UrlTemplate = "http://{host}:7071/metrics", RateWindow = TimeSpan.FromMilliseconds(10) }, http));

        var rates = await metrics.BytesInPerSecondAsync([new NodeEndpoint(1, "k1", 9092)]);

        Assert.Equal(1000, rates[1], 3);
    }

    [Fact]
    public async Task Without_metrics_the_checks_that_need_them_refuse()
    {
        var metrics = new ClusterMetrics("prod", null);

        var error = await Assert.ThrowsAsync<MetricsNotConfiguredException>(() => metrics.BytesInPerSecondAsync([new NodeEndpoint(1, "k1", 9092)]));
        Assert.Contains("BytesInPerSec", error.Message, StringComparison.Ordinal);
        Assert.Contains("UrlTemplate", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<MetricsNotConfiguredException>(() => metrics.MigrationAsync(new NodeEndpoint(3000, "c", 9093)));
    }

    [Fact]
    public async Task Migration_state_is_read_from_the_active_controller_and_checked()
    {
        using var http = new HttpClient(new SequenceHandler(new Queue<string>([
            "kafka_controller_kafkacontroller_zkmigrationstate 1\nkafka_controller_kafkacontroller_migratingzkbrokercount 6\n",
            "kafka_controller_kafkacontroller_zkmigrationstate 9\n"])));
        var metrics = new ClusterMetrics("prod", new NodeMetricsScraper("prod", new MetricsOptions { UrlTemplate = "http://{host}:7071/metrics" }, http));

        Assert.Equal((Core.Ports.ZkMigrationState.Migration, 6), await metrics.MigrationAsync(new NodeEndpoint(3000, "c", 9093)));
        var error = await Assert.ThrowsAsync<MetricsUnavailableException>(() => metrics.MigrationAsync(new NodeEndpoint(3000, "c", 9093)));
        Assert.Contains("ZkMigrationState 9", error.Message, StringComparison.Ordinal);
    }

    private sealed class SequenceHandler(Queue<string> bodies) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(bodies.Dequeue()) });
    }
}
