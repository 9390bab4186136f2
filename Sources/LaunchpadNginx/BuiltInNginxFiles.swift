// Written by scripts/embed-nginx.py from the files named below; do not edit. NginxFilesTests
// fails when this copy differs from them: run the script again.

/// The nginx files the binary carries (see `NginxFiles.builtIn`).
enum BuiltInNginxFiles {
    /// nginx/launchpad-dev.conf.template
    static let template = ####"""
# Rendered by `launchpad up` into <data>/nginx/nginx.conf. Everything nginx writes stays under the
# data directory, so it runs without root. Placeholders: {{DATA}} {{PORT}} {{SOCKET}} {{KEEPALIVE}}
# {{MAX_BODY}} {{AGENT_MAX_BODY}} {{USER}} {{WORKERS}} {{OPEN_FILES}} {{WORKER_CONNECTIONS}} {{YARDSTICK_BODY}}.
#
# This file is the file of record; the launchpad binary carries a copy (Sources/LaunchpadNginx,
# written by scripts/embed-nginx.py; NginxFilesTests fails when the two differ). `launchpad up
# --nginx-templates DIR` renders DIR/launchpad-dev.conf.template instead.
{{USER}}
# One worker per CPU, as `worker_processes auto` would choose, but never more than the upstream
# keepalive: launchpad up divides --keepalive among the workers ({{KEEPALIVE}} each), since each
# worker keeps its own upstream connections and each one holds a launchpad thread.
worker_processes {{WORKERS}};
# Idle and slow connections cost nginx a descriptor each: 65536, or launchpad up's hard limit when
# that is lower, half of it for connections.
worker_rlimit_nofile {{OPEN_FILES}};
daemon off;
# A stop (SIGQUIT from launchpad up) lets requests finish, but an agent's stream may last minutes:
# after 10 s nginx closes what is still open, and launchpad's own drain follows.
worker_shutdown_timeout 10s;
pid {{DATA}}/nginx/nginx.pid;
error_log {{DATA}}/nginx/error.log warn;

events {
    # A proxied request takes two connections: the client's and the upstream one.
    worker_connections {{WORKER_CONNECTIONS}};
}

http {
    # Times in the error envelope nginx writes itself: ISO 8601 UTC to the second, as launchpad's.
    # launchpad up starts nginx with TZ=UTC, so $time_iso8601 ends in +00:00.
    map $time_iso8601 $launchpad_time {
        "~^(?<utc>.+)\+00:00$" "${utc}Z";
        default $time_iso8601;
    }
    # Request ids in the envelope nginx writes itself: `req-` and 16 hexadecimal digits, as launchpad's.
    map $request_id $launchpad_request_id {
        "~^(?<id>[0-9a-f]{16})" "req-$id";
    }
    # What an agent's url passes on to the agent: a private agent's caller's key stays here.
    map $launchpad_replica_private $launchpad_forwarded_key {
        "" $http_x_api_key;
        default "";
    }
    map $launchpad_replica_private $launchpad_forwarded_authorization {
        "" $http_authorization;
        default "";
    }
    # The request id of an agent's url's refusal: launchpad's, or nginx's when launchpad did not answer.
    map $launchpad_refusal_request_id $launchpad_refused_request_id {
        "" $launchpad_request_id;
        default $launchpad_refusal_request_id;
    }
    access_log {{DATA}}/nginx/access.log;
    client_body_temp_path {{DATA}}/nginx/tmp/client_body;
    fastcgi_temp_path {{DATA}}/nginx/tmp/fastcgi;
    proxy_temp_path {{DATA}}/nginx/tmp/proxy;
    uwsgi_temp_path {{DATA}}/nginx/tmp/uwsgi;
    scgi_temp_path {{DATA}}/nginx/tmp/scgi;
    server_tokens off;
    default_type application/json;

    # Per-address limits, as in production (nginx/launchpad.conf): 50 requests a second with bursts
    # of 100, and 32 requests in progress at a time.
    #
    # One exception, here only: 127.0.0.1, the address nginx listens on, so every local client of
    # `launchpad up`: the tests, `make bench` (tens of thousands of requests a second from one
    # address) and the soak. It is decided by the connection's source address ($remote_addr; there
    # is no realip module here), so no header can claim it. Linux routes all of 127.0.0.0/8 to
    # loopback: a client bound to 127.0.0.2 or any other address there is limited, which is how the
    # tests check the limits. An empty key is not counted.
    geo $launchpad_unlimited {
        default 0;
        127.0.0.1/32 1;
    }
    map $launchpad_unlimited $launchpad_client {
        1 "";
        default $binary_remote_addr;
    }
    limit_req_zone $launchpad_client zone=launchpad_requests:10m rate=50r/s;
    limit_conn_zone $launchpad_client zone=launchpad_connections:10m;
    # RESOURCE_LIMIT_EXCEEDED is 429 in this API, and 503 stays "launchpad is not answering".
    limit_req_status 429;
    limit_conn_status 429;
    limit_req_log_level warn;
    limit_conn_log_level warn;
    map $limit_req_status $launchpad_limit_message {
        REJECTED "Too many requests from this address; retry in a moment";
        default "Too many requests in progress from this address; retry when one has finished";
    }

    upstream launchpad {
        server unix:{{SOCKET}};
        # Per worker, all workers together --keepalive. With --transport thread-per-connection
        # they keep fewer than launchpad's --threads: a kept-alive connection holds a thread.
        keepalive {{KEEPALIVE}};
    }

    server {
        listen 127.0.0.1:{{PORT}};
        client_max_body_size {{MAX_BODY}};
        # Request bodies and responses stay in memory, never in temp files under the data
        # directory, so that a full data directory still serves reads (the fault drill checks it).
        client_body_buffer_size {{MAX_BODY}};
        fastcgi_max_temp_file_size 0;
        # Slow clients: a request's headers must all arrive within 5 s, a body may pause 10 s, a
        # client must take each part of an answer within 10 s, and an idle kept-alive connection is
        # closed after 15 s. A timed-out connection is reset, so its socket is freed at once.
        # Connections still sending their headers are not counted by limit_conn (nginx counts a
        # request once its headers are read): client_header_timeout and worker_connections are what
        # bound them.
        client_header_timeout 5s;
        client_body_timeout 10s;
        send_timeout 10s;
        keepalive_timeout 15s;
        reset_timedout_connection on;
        large_client_header_buffers 4 16k;

        # nginx's own refusals (a malformed request line, a slow or oversized body, an oversized URI
        # or header, an internal location asked for, an unknown Transfer-Encoding, an HTTP version
        # it does not speak, its own failure) get the API's error envelope from launchpad instead of
        # an HTML page.
        error_page 400 = /_launchpad/proxy-error/400;
        error_page 404 = /_launchpad/proxy-error/404;
        error_page 408 = /_launchpad/proxy-error/408;
        error_page 413 = /_launchpad/proxy-error/413;
        error_page 414 = /_launchpad/proxy-error/414;
        error_page 500 = /_launchpad/proxy-error/500;
        error_page 501 = /_launchpad/proxy-error/501;
        error_page 505 = /_launchpad/proxy-error/505;
        # nginx refuses TRACE itself (405 without Allow); launchpad answers it as any other method
        # the route does not have.
        error_page 405 = /_launchpad/proxy-error/405;
        error_page 494 = /_launchpad/proxy-error/494;
        # An address over its limits: nginx answers alone, so that a flood costs launchpad nothing.
        error_page 429 = @launchpad_limited;
        # launchpad unreachable (restarting after a crash, or stopping): nginx answers alone, quickly,
        # in the envelope, instead of an HTML page or a hang.
        error_page 502 503 504 = @launchpad_unavailable;
        # A refusal that launchpad cannot answer (it is unreachable) goes on to @launchpad_unavailable,
        # not to nginx's HTML 502. The named locations answer alone, so nothing loops.
        recursive_error_pages on;

        location / {
            # Here only, so that neither the refusals' internal redirects nor the yardstick count.
            limit_req zone=launchpad_requests burst=100 nodelay;
            limit_conn launchpad_connections 32;
            fastcgi_pass launchpad;
            fastcgi_keep_conn on;
            include {{DATA}}/nginx/fastcgi.params;
            # Streaming routes send X-Accel-Buffering: no; the rest are buffered.
            fastcgi_read_timeout 1h;
        }

        # The agent url's internal path is reached only through the agents' server below.
        location ^~ /_launchpad/agent/ {
            internal;
        }

        location ~ ^/_launchpad/proxy-error/(\d+)$ {
            internal;
            fastcgi_pass launchpad;
            fastcgi_keep_conn on;
            include {{DATA}}/nginx/fastcgi.params;
            fastcgi_pass_request_body off;
            fastcgi_param CONTENT_LENGTH "";
            fastcgi_param LAUNCHPAD_PROXY_STATUS $1;
        }

        location @launchpad_limited {
            default_type application/json;
            add_header X-Request-Id $launchpad_request_id always;
            add_header Retry-After 1 always;
            add_header Cache-Control no-store always;
            add_header X-Content-Type-Options nosniff always;
            add_header X-Frame-Options DENY always;
            add_header Referrer-Policy no-referrer always;
            add_header Content-Security-Policy "default-src 'none'; frame-ancestors 'none'" always;
            return 429 '{"error":{"code":"RESOURCE_LIMIT_EXCEEDED","message":"$launchpad_limit_message","timestamp":"$launchpad_time","requestId":"$launchpad_request_id"}}';
        }

        location @launchpad_unavailable {
            default_type application/json;
            add_header X-Request-Id $launchpad_request_id always;
            add_header Retry-After 1 always;
            add_header Cache-Control no-store always;
            add_header X-Content-Type-Options nosniff always;
            add_header X-Frame-Options DENY always;
            add_header Referrer-Policy no-referrer always;
            add_header Content-Security-Policy "default-src 'none'; frame-ancestors 'none'" always;
            return 503 '{"error":{"code":"SERVICE_UNAVAILABLE","message":"Launchpad is not answering (it restarts by itself after a crash); retry in a moment","timestamp":"$launchpad_time","requestId":"$launchpad_request_id"}}';
        }

        # The bench's yardstick: nginx answering alone, with a body the size of /api/health's.
        location = /_nginx/yardstick {
            return 200 '{{YARDSTICK_BODY}}';
        }
    }

    # The agents' urls, http://<agentId>.agents.localhost:{{PORT}} (README, "The agent's url").
    # Before nginx reads any of the body, its auth_request asks launchpad (FastCGI, without the
    # body) to check the agent and its access and choose a ready replica; launchpad answers 200 with
    # X-Launchpad-Replica: <port>. nginx then proxies the request to that replica with buffering off
    # both ways: an upload reaches the agent as it is sent (chunked too), its answer comes back as
    # the agent writes it, and launchpad carries none of the bytes, so a stream holds no thread.
    server {
        listen 127.0.0.1:{{PORT}};
        server_name ~^(?<launchpad_agent>agent-[0-9a-f]+)\.agents\.localhost$;
        # The body goes to the agent as it arrives, never to launchpad: its own limit, and a small
        # buffer (nginx holds at most this much of an upload at a time).
        client_max_body_size {{AGENT_MAX_BODY}};
        client_body_buffer_size 64k;
        client_header_timeout 5s;
        client_body_timeout 10s;
        keepalive_timeout 15s;
        reset_timedout_connection on;
        large_client_header_buffers 4 16k;

        # launchpad's refusals come back from the auth request as 401 (a private agent without a
        # key), 403, or any other status turned into 500 by auth_request (404 unknown agent, 503
        # none ready): @launchpad_agent_refused answers with launchpad's status and envelope.
        error_page 401 403 500 = @launchpad_agent_refused;
        # nginx's own refusals, in the envelope from launchpad, as on the API's server.
        error_page 400 = /_launchpad/proxy-error/400;
        error_page 404 = /_launchpad/proxy-error/404;
        error_page 408 = /_launchpad/proxy-error/408;
        error_page 413 = /_launchpad/proxy-error/413;
        error_page 414 = /_launchpad/proxy-error/414;
        error_page 494 = /_launchpad/proxy-error/494;
        error_page 501 = /_launchpad/proxy-error/501;
        error_page 505 = /_launchpad/proxy-error/505;
        error_page 429 = @launchpad_limited;
        # A replica that goes away between launchpad's choice and nginx's connect (a race: launchpad
        # skips replicas that refuse connections): 503 in the envelope, not nginx's page. The agent's
        # own errors pass through untouched (proxy_intercept_errors is off).
        error_page 502 504 = @launchpad_replica_gone;
        recursive_error_pages on;

        location / {
            limit_req zone=launchpad_requests burst=100 nodelay;
            limit_conn launchpad_connections 32;
            auth_request /_launchpad/agent-check;
            auth_request_set $launchpad_replica $upstream_http_x_launchpad_replica;
            # "1" for a private agent, whose caller's key stays here (the maps above).
            auth_request_set $launchpad_replica_private $upstream_http_x_launchpad_private;
            # A refusal: its status, its envelope, its request id and Retry-After (@launchpad_agent_refused).
            auth_request_set $launchpad_refusal_status $upstream_status;
            auth_request_set $launchpad_refusal $upstream_http_x_launchpad_refusal;
            auth_request_set $launchpad_refusal_request_id $upstream_http_x_request_id;
            auth_request_set $launchpad_refusal_retry_after $upstream_http_retry_after;
            proxy_pass http://127.0.0.1:$launchpad_replica;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            # A private agent's caller sent its Launchpad key: the agent does not get it (an empty
            # value drops the header).
            proxy_set_header X-API-Key $launchpad_forwarded_key;
            proxy_set_header Authorization $launchpad_forwarded_authorization;
            proxy_buffering off;
            proxy_request_buffering off;
            proxy_connect_timeout 2s;
            proxy_read_timeout 1h;
            proxy_send_timeout 1h;
            send_timeout 1h;
        }

        # The auth subrequest: a GET without a body (auth_request never reads it); launchpad reads
        # the last REQUEST_URI, the agent and the path.
        location = /_launchpad/agent-check {
            internal;
            fastcgi_pass launchpad;
            fastcgi_keep_conn on;
            include {{DATA}}/nginx/fastcgi.params;
            fastcgi_param REQUEST_URI /_launchpad/agent/$launchpad_agent$request_uri;
            fastcgi_pass_request_body off;
            fastcgi_param CONTENT_LENGTH "";
            fastcgi_param CONTENT_TYPE "";
        }

        # launchpad's refusal, from the auth request's headers. `return` discards the request's body
        # (a FastCGI location would read all of it first); `if` with `return` is safe in a location.
        location @launchpad_agent_refused {
            default_type application/json;
            add_header X-Request-Id $launchpad_refused_request_id always;
            add_header Retry-After $launchpad_refusal_retry_after always;
            add_header Cache-Control no-store always;
            add_header X-Content-Type-Options nosniff always;
            add_header X-Frame-Options DENY always;
            add_header Referrer-Policy no-referrer always;
            add_header Content-Security-Policy "default-src 'none'; frame-ancestors 'none'" always;
            if ($launchpad_refusal_status = 400) { return 400 $launchpad_refusal; }
            if ($launchpad_refusal_status = 401) { return 401 $launchpad_refusal; }
            if ($launchpad_refusal_status = 403) { return 403 $launchpad_refusal; }
            if ($launchpad_refusal_status = 404) { return 404 $launchpad_refusal; }
            if ($launchpad_refusal_status = 429) { return 429 $launchpad_refusal; }
            if ($launchpad_refusal_status = 503) { return 503 $launchpad_refusal; }
            if ($launchpad_refusal_status = 500) { return 500 $launchpad_refusal; }
            if ($launchpad_refusal_status = 507) { return 507 $launchpad_refusal; }
            # launchpad did not answer the auth request (it is restarting), or nginx failed.
            return 503 '{"error":{"code":"SERVICE_UNAVAILABLE","message":"Launchpad is not answering for the agent; retry in a moment","timestamp":"$launchpad_time","requestId":"$launchpad_refused_request_id"}}';
        }

        location ~ ^/_launchpad/proxy-error/(\d+)$ {
            internal;
            fastcgi_pass launchpad;
            fastcgi_keep_conn on;
            include {{DATA}}/nginx/fastcgi.params;
            fastcgi_param REQUEST_URI /_launchpad/agent/$launchpad_agent$request_uri;
            fastcgi_pass_request_body off;
            fastcgi_param CONTENT_LENGTH "";
            fastcgi_param CONTENT_TYPE "";
            fastcgi_param LAUNCHPAD_PROXY_STATUS $1;
        }

        location @launchpad_limited {
            default_type application/json;
            add_header X-Request-Id $launchpad_request_id always;
            add_header Retry-After 1 always;
            add_header Cache-Control no-store always;
            add_header X-Content-Type-Options nosniff always;
            add_header X-Frame-Options DENY always;
            add_header Referrer-Policy no-referrer always;
            add_header Content-Security-Policy "default-src 'none'; frame-ancestors 'none'" always;
            return 429 '{"error":{"code":"RESOURCE_LIMIT_EXCEEDED","message":"$launchpad_limit_message","timestamp":"$launchpad_time","requestId":"$launchpad_request_id"}}';
        }

        location @launchpad_replica_gone {
            default_type application/json;
            add_header X-Request-Id $launchpad_request_id always;
            add_header Retry-After 1 always;
            add_header Cache-Control no-store always;
            add_header X-Content-Type-Options nosniff always;
            return 503 '{"error":{"code":"SERVICE_UNAVAILABLE","message":"The replica of the agent did not answer; retry in a moment","timestamp":"$launchpad_time","requestId":"$launchpad_request_id"}}';
        }
    }
}

"""####

    /// nginx/fastcgi.params
    static let fastcgiParams = ####"""
# The CGI parameters launchpad reads; HTTP_* headers are passed by nginx itself.
fastcgi_param REQUEST_METHOD  $request_method;
fastcgi_param REQUEST_URI     $request_uri;
fastcgi_param QUERY_STRING    $query_string;
fastcgi_param CONTENT_TYPE    $content_type;
fastcgi_param CONTENT_LENGTH  $content_length;
fastcgi_param SCRIPT_NAME     $fastcgi_script_name;
fastcgi_param SERVER_PROTOCOL $server_protocol;
fastcgi_param REMOTE_ADDR     $remote_addr;
fastcgi_param REMOTE_PORT     $remote_port;
fastcgi_param SERVER_ADDR     $server_addr;
fastcgi_param SERVER_PORT     $server_port;
fastcgi_param SERVER_NAME     $server_name;
fastcgi_param HTTPS           $https if_not_empty;

"""####
}
