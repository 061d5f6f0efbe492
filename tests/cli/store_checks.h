// Checks of a run's store after a kill (the CLI kill tests): the store is sound, the run has the
// expected status, and each per-step curve holds every step 1..last_step exactly once and none
// past it. Throws std::runtime_error saying what is wrong; returns last_step.
#pragma once

#include "core/store/store.h"

#include <cstdint>
#include <initializer_list>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

inline std::int64_t checkRunInStore(const std::string& storePath, std::int64_t runId, persona::store::RunStatus expected,
                                     std::initializer_list<const char*> curves)
{
    namespace store = persona::store;
    store::Store st(storePath); // marks runs of dead processes interrupted
    const auto check = st.integrityCheck();
    if (check != std::vector<std::string>{"ok"})
        throw std::runtime_error("integrity_check: " + check.front());
    const auto run = st.run(runId);
    if (run.status != expected)
        throw std::runtime_error(std::string("status ") + store::runStatusName(run.status) + ", expected " +
                                 store::runStatusName(expected));
    const std::int64_t last = run.lastStep.value_or(0);
    for (const char* name : curves) {
        std::set<std::int64_t> steps;
        for (const auto& p : st.metricPoints(runId, name)) {
            if (!steps.insert(p.step).second)
                throw std::runtime_error(std::string(name) + ": step " + std::to_string(p.step) + " twice");
            if (p.step > last)
                throw std::runtime_error(std::string(name) + ": step " + std::to_string(p.step) + " past last_step " +
                                         std::to_string(last));
        }
        for (std::int64_t s = 1; s <= last; ++s)
            if (!steps.count(s))
                throw std::runtime_error(std::string(name) + ": step " + std::to_string(s) + " missing (last_step " +
                                         std::to_string(last) + ")");
    }
    return last;
}
