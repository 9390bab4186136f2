/*
 * The bench's limit (issue 19): a FastCGI responder that does only the essential work of
 * GET /api/agents/{id}/status, behind the same nginx settings as launchpad. Per request: the
 * SHA-256 of the X-API-Key header, one LMDB read of the key's owner, one of the agent, the owner
 * check, and the stored status bytes written out with the three rate-limit headers.
 *
 *   bare-responder seed DIR      reads lines from stdin into a fresh LMDB in DIR:
 *                                  key <api key> <user id>
 *                                  agent <agent id> <user id> <status body to the end of the line>
 *   bare-responder serve DIR SOCKET THREADS
 *                                answers GET <anything>/agents/<agent id>/status on the unix SOCKET
 *                                with THREADS accept threads (as launchpad's --threads).
 *
 * Built by scripts/bench.sh with libfcgi, liblmdb and libcrypto.
 */
#include <fcgiapp.h>
#include <lmdb.h>
#include <openssl/sha.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static MDB_env *env;
static MDB_dbi keys_dbi, agents_dbi;
static int listen_socket;

static void check(int rc, const char *what) {
    if (rc != 0) {
        fprintf(stderr, "bare-responder: %s: %s\n", what, mdb_strerror(rc));
        exit(1);
    }
}

static void open_env(const char *dir, unsigned flags) {
    check(mdb_env_create(&env), "mdb_env_create");
    check(mdb_env_set_maxdbs(env, 2), "mdb_env_set_maxdbs");
    check(mdb_env_set_maxreaders(env, 512), "mdb_env_set_maxreaders");
    check(mdb_env_set_mapsize(env, 64 << 20), "mdb_env_set_mapsize");
    check(mdb_env_open(env, dir, flags, 0600), "mdb_env_open");
    MDB_txn *txn;
    check(mdb_txn_begin(env, NULL, 0, &txn), "mdb_txn_begin");
    check(mdb_dbi_open(txn, "keys", MDB_CREATE, &keys_dbi), "mdb_dbi_open keys");
    check(mdb_dbi_open(txn, "agents", MDB_CREATE, &agents_dbi), "mdb_dbi_open agents");
    check(mdb_txn_commit(txn), "mdb_txn_commit");
}

/* agents: agent id -> one byte of owner length, the owner, the status body. */
static int seed(const char *dir) {
    mkdir(dir, 0700);
    open_env(dir, 0);
    MDB_txn *txn;
    check(mdb_txn_begin(env, NULL, 0, &txn), "mdb_txn_begin");
    char *line = NULL;
    size_t capacity = 0;
    ssize_t length;
    int keys = 0, agents = 0;
    while ((length = getline(&line, &capacity, stdin)) > 0) {
        if (line[length - 1] == '\n') line[--length] = 0;
        char *kind = strtok(line, " ");
        if (kind == NULL) continue;
        if (strcmp(kind, "key") == 0) {
            char *key = strtok(NULL, " "), *owner = strtok(NULL, " ");
            if (key == NULL || owner == NULL) { fprintf(stderr, "bad key line\n"); return 1; }
            unsigned char digest[SHA256_DIGEST_LENGTH];
            SHA256((const unsigned char *)key, strlen(key), digest);
            MDB_val k = {sizeof digest, digest}, v = {strlen(owner), owner};
            check(mdb_put(txn, keys_dbi, &k, &v, 0), "mdb_put key");
            keys++;
        } else if (strcmp(kind, "agent") == 0) {
            char *id = strtok(NULL, " "), *owner = strtok(NULL, " "), *body = strtok(NULL, "");
            if (id == NULL || owner == NULL || body == NULL || strlen(owner) > 255) { fprintf(stderr, "bad agent line\n"); return 1; }
            size_t owner_length = strlen(owner), body_length = strlen(body);
            unsigned char *record = malloc(1 + owner_length + body_length);
            record[0] = (unsigned char)owner_length;
            memcpy(record + 1, owner, owner_length);
            memcpy(record + 1 + owner_length, body, body_length);
            MDB_val k = {strlen(id), id}, v = {1 + owner_length + body_length, record};
            check(mdb_put(txn, agents_dbi, &k, &v, 0), "mdb_put agent");
            free(record);
            agents++;
        }
    }
    check(mdb_txn_commit(txn), "mdb_txn_commit");
    mdb_env_close(env);
    printf("seeded %d keys, %d agents\n", keys, agents);
    return 0;
}

static void answer_error(FCGX_Stream *out, const char *status, const char *code) {
    FCGX_FPrintF(out, "Status: %s\r\nContent-Type: application/json\r\n\r\n{\"error\":{\"code\":\"%s\"}}", status, code);
}

static void answer(FCGX_Request *request, MDB_txn *txn) {
    const char *uri = FCGX_GetParam("REQUEST_URI", request->envp);
    const char *key = FCGX_GetParam("HTTP_X_API_KEY", request->envp);
    if (key == NULL) { answer_error(request->out, "401 Unauthorized", "INVALID_API_KEY"); return; }
    /* .../agents/<id>/status */
    const char *start = uri ? strstr(uri, "/agents/") : NULL;
    const char *end = start ? strchr(start + 8, '/') : NULL;
    if (start == NULL || end == NULL || strcmp(end, "/status") != 0) { answer_error(request->out, "404 Not Found", "NOT_FOUND"); return; }
    start += 8;

    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256((const unsigned char *)key, strlen(key), digest);
    check(mdb_txn_renew(txn), "mdb_txn_renew");
    MDB_val k = {sizeof digest, digest}, owner;
    if (mdb_get(txn, keys_dbi, &k, &owner) != 0) {
        mdb_txn_reset(txn);
        answer_error(request->out, "401 Unauthorized", "INVALID_API_KEY");
        return;
    }
    MDB_val id = {(size_t)(end - start), (void *)start}, record;
    const unsigned char *bytes = NULL;
    if (mdb_get(txn, agents_dbi, &id, &record) == 0) bytes = record.mv_data;
    if (bytes == NULL || record.mv_size < 1u + bytes[0] || bytes[0] != owner.mv_size || memcmp(bytes + 1, owner.mv_data, owner.mv_size) != 0) {
        mdb_txn_reset(txn);
        answer_error(request->out, "404 Not Found", "AGENT_NOT_FOUND");
        return;
    }
    size_t body_length = record.mv_size - 1 - bytes[0];
    FCGX_FPrintF(request->out,
                 "Status: 200 OK\r\nContent-Type: application/json\r\nX-RateLimit-Limit: 1000000000\r\n"
                 "X-RateLimit-Remaining: 999999999\r\nX-RateLimit-Reset: %ld\r\nContent-Length: %d\r\n\r\n",
                 (long)time(NULL) + 1, (int)body_length);
    FCGX_PutStr((const char *)bytes + 1 + bytes[0], (int)body_length, request->out);
    mdb_txn_reset(txn);
}

static void *accept_loop(void *unused) {
    (void)unused;
    FCGX_Request request;
    FCGX_InitRequest(&request, listen_socket, 0);
    MDB_txn *txn;
    check(mdb_txn_begin(env, NULL, MDB_RDONLY, &txn), "mdb_txn_begin");
    mdb_txn_reset(txn);
    while (FCGX_Accept_r(&request) >= 0) {
        answer(&request, txn);
        FCGX_Finish_r(&request);
    }
    return NULL;
}

static int serve(const char *dir, const char *socket_path, int threads) {
    open_env(dir, MDB_NOTLS);
    if (FCGX_Init() != 0) { fprintf(stderr, "FCGX_Init failed\n"); return 1; }
    unlink(socket_path);
    listen_socket = FCGX_OpenSocket(socket_path, 1024);
    if (listen_socket < 0) { perror("FCGX_OpenSocket"); return 1; }
    chmod(socket_path, 0666);
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstacksize(&attributes, 1 << 20);
    for (int i = 0; i < threads; i++) {
        pthread_t thread;
        if (pthread_create(&thread, &attributes, accept_loop, NULL) != 0) { perror("pthread_create"); return 1; }
    }
    pause();
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "seed") == 0) return seed(argv[2]);
    if (argc == 5 && strcmp(argv[1], "serve") == 0) return serve(argv[2], argv[3], atoi(argv[4]));
    fprintf(stderr, "usage: bare-responder seed DIR < lines | bare-responder serve DIR SOCKET THREADS\n");
    return 2;
}
