#include "core/api/retrieval.h"

#include "core/api/models.h"
#include "core/methods/examples.h"
#include "core/methods/retrieval_index.h"

namespace persona::api {

std::shared_ptr<const data::RetrievalIndex> retrievalIndex(const data::Dataset& ds, const std::string& task,
                                                           const std::string& encoderPath, const std::string& cacheDir)
{
    const methods::TaskKind kind = methods::parseTask(task);
    const std::string path = encoderPath.empty() ? defaultModelPaths().encoder : encoderPath;
    return methods::loadRetrievalIndex(ds, path, "cpu", cacheDir, kind);
}

} // namespace persona::api
