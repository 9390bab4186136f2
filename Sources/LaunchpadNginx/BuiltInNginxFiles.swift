// Written by scripts/embed-nginx.py from the files named below; do not edit. NginxFilesTests
// fails when this copy differs from them: run the script again.

/// The nginx files the binary carries (see `NginxFiles.builtIn`).
enum BuiltInNginxFiles {
    /// nginx/launchpad-dev.conf.template
    static let template = ####"""
# Rendered by `launchpad up` into <data>/nginx/nginx.conf. Everything nginx writes stays under the
# data directory, so it runs without root. Placeholders: {{DATA}} {{PORT}} {{SOCKET}} {{KEEPALIVE}}
# {{MAX_BODY}} {{USER}} {{YARDSTICK_BODY}}.
#
# This file is the file of record; the launchpad binary carries a copy (Sources/LaunchpadNginx,
# written by scripts/embed-nginx.py; NginxFilesTests fails when the two differ). `launchpad up
# --nginx-templates DIR` renders DIR/launchpad-dev.conf.template instead.
{{USER}}
worker_processes 1;
daemon off;
pid {{DATA}}/nginx/nginx.pid;
error_log {{DATA}}/nginx/error.log warn;

events {
    worker_connections 1024;
}

http {
    # Times in the error envelope nginx writes itself: ISO 8601 UTC to the second, as launchpad's.
    # launchpad up starts nginx with TZ=UTC, so $time_iso8601 ends in +00:00.
    map $time_iso8601 $launchpad_time {
        "~^(?<utc>.+)\+00:00$" "${utc}Z";
        default $time_iso8601;
    }
    access_log {{DATA}}/nginx/access.log;
    client_body_temp_path {{DATA}}/nginx/tmp/client_body;
    fastcgi_temp_path {{DATA}}/nginx/tmp/fastcgi;
    proxy_temp_path {{DATA}}/nginx/tmp/proxy;
    uwsgi_temp_path {{DATA}}/nginx/tmp/uwsgi;
    scgi_temp_path {{DATA}}/nginx/tmp/scgi;
    server_tokens off;
    default_type application/json;

    upstream launchpad {
        server unix:{{SOCKET}};
        # Fewer than launchpad's --threads: a kept-alive connection holds a thread.
        keepalive {{KEEPALIVE}};
    }

    server {
        listen 127.0.0.1:{{PORT}};
        client_max_body_size {{MAX_BODY}};
        # Request bodies and responses stay in memory, never in temp files under the data
        # directory, so that a full data directory still serves reads (the fault drill checks it).
        client_body_buffer_size {{MAX_BODY}};
        fastcgi_max_temp_file_size 0;
        client_body_timeout 10s;
        client_header_timeout 10s;
        large_client_header_buffers 4 16k;

        # nginx's own refusals (a malformed request line, a slow or oversized body, an oversized URI
        # or header) get the API's error envelope from launchpad instead of an HTML page.
        error_page 400 = /_launchpad/proxy-error/400;
        error_page 408 = /_launchpad/proxy-error/408;
        error_page 413 = /_launchpad/proxy-error/413;
        error_page 414 = /_launchpad/proxy-error/414;
        # nginx refuses TRACE itself (405 without Allow); launchpad answers it as any other method
        # the route does not have.
        error_page 405 = /_launchpad/proxy-error/405;
        error_page 494 = /_launchpad/proxy-error/494;
        # launchpad unreachable (restarting after a crash, or stopping): nginx answers alone, quickly,
        # in the envelope, instead of an HTML page or a hang.
        error_page 502 503 504 = @launchpad_unavailable;

        location / {
            fastcgi_pass launchpad;
            fastcgi_keep_conn on;
            include {{DATA}}/nginx/fastcgi.params;
            # Streaming routes send X-Accel-Buffering: no; the rest are buffered.
            fastcgi_read_timeout 1h;
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

        location @launchpad_unavailable {
            default_type application/json;
            add_header X-Request-Id "req-$request_id" always;
            add_header Retry-After 1 always;
            add_header Cache-Control no-store always;
            return 503 '{"error":{"code":"SERVICE_UNAVAILABLE","message":"Launchpad is not answering (it restarts by itself after a crash); retry in a moment","timestamp":"$launchpad_time","requestId":"req-$request_id"}}';
        }

        # The bench's yardstick: nginx answering alone, with a body the size of /api/health's.
        location = /_nginx/yardstick {
            return 200 '{{YARDSTICK_BODY}}';
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
