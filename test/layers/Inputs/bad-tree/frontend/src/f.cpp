#include "support/s.h"
