// The placeholder rules that concern mapped tasks (spec §7 map table): a
// mapped input used as a path in `command` or inside single quotes (E0411),
// `.inputs` or a literal `/var/inputs` path in a mapped task (W0413). A task
// is mapped when any map node anywhere targets it.
#pragma once

#include <map>
#include <vector>

#include "diagnostics/diagnostic_engine.h"
#include "rules/task_texts.h"
#include "typecheck/semantic_model.h"

namespace flytec::tc {

/// Map nodes by the task they map, each list in source order.
std::map<const Entity*, std::vector<const NodeInfo*>> mapNodesByTask(const SemanticModel& model);

/// E0411 and W0413 on the texts of `task`, mapped by `mapNodes`.
void checkMappedTask(const Entity& task, const std::vector<TaskText>& texts,
                     const std::vector<const NodeInfo*>& mapNodes, DiagnosticEngine& diags);

}  // namespace flytec::tc
