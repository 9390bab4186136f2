#ifndef LAUNCHPAD_CFASTCGI_SHIM_H
#define LAUNCHPAD_CFASTCGI_SHIM_H
#include <fcgiapp.h>
// epoll, which Glibc's module leaves out: EventLoopServer waits on nginx's connections with it.
#include <sys/epoll.h>
#endif
