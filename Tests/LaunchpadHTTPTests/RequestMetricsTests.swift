import Foundation
import LaunchpadHTTP
import Testing

struct RequestMetricsTests {
    /// The value of the exposition's line that starts with `prefix`.
    private func value(_ prefix: String, in text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    @Test func recordsFromManyThreadsAddUpAcrossTheShards() async {
        let metrics = RequestMetrics(shards: 4)
        // 8 threads × 500 requests of two routes: whatever shard each thread lands in, the totals are exact.
        await withTaskGroup(of: Void.self) { group in
            for thread in 0..<8 {
                group.addTask {
                    await withCheckedContinuation { done in
                        Thread {
                            for index in 0..<500 {
                                metrics.record(route: thread % 2 == 0 ? "/a" : "/b", method: "GET", status: index % 5 == 0 ? 404 : 200, seconds: 0.002)
                            }
                            done.resume()
                        }.start()
                    }
                }
            }
        }
        let text = metrics.exposition()
        #expect(value(#"launchpad_http_requests_total{route="/a",method="GET",status="200"} "#, in: text) == "1600")
        #expect(value(#"launchpad_http_requests_total{route="/a",method="GET",status="404"} "#, in: text) == "400")
        #expect(value(#"launchpad_http_requests_total{route="/b",method="GET",status="200"} "#, in: text) == "1600")
        #expect(value(#"launchpad_http_requests_total{route="/b",method="GET",status="404"} "#, in: text) == "400")
        #expect(value("launchpad_http_request_duration_seconds_count ", in: text) == "4000")
        #expect(value(#"launchpad_http_request_duration_seconds_bucket{le="0.001"} "#, in: text) == "0")
        #expect(value(#"launchpad_http_request_duration_seconds_bucket{le="0.0025"} "#, in: text) == "4000")
        #expect(value(#"launchpad_http_request_duration_seconds_bucket{le="+Inf"} "#, in: text) == "4000")
    }

    @Test func oneShardIsTheSameCount() {
        let metrics = RequestMetrics(shards: 1)
        metrics.record(route: "/x", method: "POST", status: 201, seconds: 0.0001)
        let text = metrics.exposition()
        #expect(value(#"launchpad_http_requests_total{route="/x",method="POST",status="201"} "#, in: text) == "1")
        #expect(value(#"launchpad_http_request_duration_seconds_bucket{le="0.0005"} "#, in: text) == "1")
    }
}
