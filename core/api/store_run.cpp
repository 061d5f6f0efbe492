// Creating a run record in the experiment store (see store_run.h).
#include "core/api/store_run.h"

#include "core/common/build_info.h"
#include "core/common/error.h"
#include "core/data/dataset_loader.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace persona::api {

std::int64_t createRunRecord(store::Store& st, store::NewRun n, const std::string& dataset,
                             const std::string& dataDir)
{
    n.split = "test";
    n.codeVersion = std::string("persona ") + kVersion;
    try {
        const std::string path = data::resolveDatasetPath(dataset, dataDir);
        store::DatasetRecord d;
        d.path = fs::absolute(path).lexically_normal().string();
        d.format = data::datasetFormatName(data::detectFormat(path));
        n.datasetId = st.addDataset(d);
    } catch (const ConfigError&) {
        // A missing dataset fails the run when it loads, with the run recorded.
    }
    return st.createRun(n);
}

} // namespace persona::api
