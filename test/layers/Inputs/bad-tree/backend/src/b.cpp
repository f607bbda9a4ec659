// fine: backend uses frontend and, through it, support
#include "frontend/f.h"
#include "support/s.h"
