#ifndef LAUNCHPAD_CFASTCGI_SHIM_H
#define LAUNCHPAD_CFASTCGI_SHIM_H
#include <fcgiapp.h>
#endif
