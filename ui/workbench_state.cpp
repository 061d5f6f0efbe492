#include "ui/workbench_state.h"

namespace persona::ui {

QString WorkbenchState::userKey() const
{
    if (!m_dataset || m_user < 0 || static_cast<std::size_t>(m_user) >= m_dataset->dataset.users.size())
        return {};
    return QString::fromStdString(m_dataset->dataset.users[static_cast<std::size_t>(m_user)].key);
}

void WorkbenchState::setSelection(DatasetPtr dataset, int user, std::vector<std::size_t> kept)
{
    if (dataset == m_dataset && user == m_user && kept == m_kept)
        return;
    const QString before = userKey();
    m_dataset = std::move(dataset);
    m_user = user;
    m_kept = std::move(kept);
    emit selectionChanged();
    const QString after = userKey();
    if (after != before)
        emit userKeyChanged(after);
}

void WorkbenchState::setSample(int historySize, data::SamplingStrategy strategy)
{
    if (historySize == m_historySize && strategy == m_strategy)
        return;
    m_historySize = historySize;
    m_strategy = strategy;
    emit sampleChanged(historySize, strategy);
}

void WorkbenchState::setRunsOnLoadedData(bool on)
{
    if (on == m_runsOnLoadedData)
        return;
    m_runsOnLoadedData = on;
    emit runsOnLoadedDataChanged(on);
}

} // namespace persona::ui
