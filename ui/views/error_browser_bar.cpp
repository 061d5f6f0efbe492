#include "ui/views/error_browser_bar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>

#include <cmath>
#include <set>

namespace persona::ui {

ErrorBrowserBar::ErrorBrowserBar(QWidget* parent) : QWidget(parent)
{
    m_order = new QComboBox(this);
    m_order->setToolTip(tr("The order to step through the users in, from the runs' stored predictions (their test pass and the answers "
                          "Compare saved since)"));
    m_tag = new QComboBox(this);
    m_tag->setToolTip(tr("Only users whose answer carries this tag (in either run)"));
    m_slice = new QComboBox(this);
    m_slice->setToolTip(tr("Only users of this slice (attributes from the dataset's user file, history length, mean "
                           "rating, genre count)"));
    m_previous = new QPushButton(tr("Previous"), this);
    m_nextButton = new QPushButton(tr("Next"), this);
    m_position = new QLabel(this);
    m_position->setWordWrap(true);
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(new QLabel(tr("Browse errors:"), this));
    row->addWidget(m_order);
    row->addWidget(m_tag);
    row->addWidget(m_slice);
    row->addWidget(m_previous);
    row->addWidget(m_nextButton);
    row->addWidget(m_position, 1);
    connect(m_previous, &QPushButton::clicked, this, &ErrorBrowserBar::previous);
    connect(m_nextButton, &QPushButton::clicked, this, &ErrorBrowserBar::next);
    for (QComboBox* box : {m_order, m_tag, m_slice})
        connect(box, &QComboBox::currentIndexChanged, this, [this] { rank(); });
    fillChoices();
}

void ErrorBrowserBar::setRuns(const QString& storePath, const QVector<Run>& runs)
{
    bool same = storePath == m_storePath && runs.size() == m_runs.size();
    for (int i = 0; same && i < runs.size(); ++i)
        same = runs[i].storeRunId == m_runs[i].storeRunId;
    if (same)
        return;
    m_storePath = storePath;
    m_runs = runs;
    fillChoices();
}

void ErrorBrowserBar::setDataset(DatasetPtr dataset)
{
    if (dataset == m_dataset)
        return;
    m_dataset = std::move(dataset);
    fillChoices();
}

void ErrorBrowserBar::setCurrentUser(const QString& key)
{
    m_user = key;
    m_position->setText(positionText());
}

void ErrorBrowserBar::fillChoices()
{
    const QSignalBlocker b1(m_order), b2(m_tag), b3(m_slice);
    const QVariant order = m_order->currentData(), tag = m_tag->currentData(), slice = m_slice->currentData();
    m_order->clear();
    for (int i = 0; i < m_runs.size(); ++i)
        m_order->addItem(tr("Lowest F1: %1").arg(m_runs[i].title), QVariantList{0, i, -1});
    for (int i = 0; i < m_runs.size(); ++i)
        for (int j = i + 1; j < m_runs.size(); ++j)
            m_order->addItem(tr("Largest gap: %1 against %2").arg(m_runs[i].title, m_runs[j].title), QVariantList{1, i, j});
    m_tag->clear();
    m_tag->addItem(tr("Any tag"), QString());
    m_slice->clear();
    m_slice->addItem(tr("All users"), QStringList());
    if (!m_runs.isEmpty() && !m_storePath.isEmpty()) {
        // Every tag of the runs, and every slice value among the first run's users.
        try {
            api::UserRankRequest q;
            q.storePath = m_storePath.toStdString();
            std::set<std::string> tags;
            for (const Run& r : m_runs) {
                q.run = r.storeRunId;
                const auto ranking = api::rankUsers(q);
                tags.insert(ranking.tags.begin(), ranking.tags.end());
            }
            for (const auto& t : tags)
                m_tag->addItem(QString::fromStdString(t), QString::fromStdString(t));
            if (m_dataset) {
                q.run = m_runs.front().storeRunId;
                q.dataset = &m_dataset->dataset;
                for (const auto& name : api::sliceAttributes(m_dataset->dataset)) {
                    q.sliceAttribute = name;
                    for (const auto& value : api::rankUsers(q).sliceValues)
                        m_slice->addItem(tr("%1: %2").arg(QString::fromStdString(name), QString::fromStdString(value)),
                                         QStringList{QString::fromStdString(name), QString::fromStdString(value)});
                }
            }
        } catch (const std::exception&) {
            // rank() below says what is wrong with the chosen order.
        }
    }
    for (auto [box, value] : {std::pair{m_order, order}, std::pair{m_tag, tag}, std::pair{m_slice, slice}}) {
        const int i = box->findData(value);
        box->setCurrentIndex(i >= 0 ? i : 0);
    }
    rank();
}

void ErrorBrowserBar::rank()
{
    m_ranking = {};
    m_error.clear();
    const QVariantList order = m_order->currentData().toList();
    if (order.size() == 3 && !m_storePath.isEmpty()) {
        api::UserRankRequest q;
        q.storePath = m_storePath.toStdString();
        q.order = order[0].toInt() == 0 ? api::UserOrder::LowestScore : api::UserOrder::LargestGap;
        q.run = m_runs.value(order[1].toInt()).storeRunId;
        if (order[2].toInt() >= 0)
            q.otherRun = m_runs.value(order[2].toInt()).storeRunId;
        q.tag = m_tag->currentData().toString().toStdString();
        const QStringList slice = m_slice->currentData().toStringList();
        if (slice.size() == 2 && m_dataset) {
            q.sliceAttribute = slice[0].toStdString();
            q.sliceValue = slice[1].toStdString();
            q.dataset = &m_dataset->dataset;
        }
        try {
            m_ranking = api::rankUsers(q);
        } catch (const std::exception& e) {
            m_error = QString::fromUtf8(e.what());
        }
    }
    m_previous->setEnabled(!m_ranking.users.empty());
    m_nextButton->setEnabled(!m_ranking.users.empty());
    m_position->setText(positionText());
}

int ErrorBrowserBar::currentIndex() const
{
    for (std::size_t i = 0; i < m_ranking.users.size(); ++i)
        if (QString::fromStdString(m_ranking.users[i].user) == m_user)
            return static_cast<int>(i);
    return -1;
}

QString ErrorBrowserBar::positionText() const
{
    if (!m_error.isEmpty())
        return m_error;
    if (m_runs.isEmpty())
        return tr("Choose runs from the store in the columns to browse their test users.");
    const int n = static_cast<int>(m_ranking.users.size());
    if (n == 0)
        return tr("No user in this order and filter.");
    const int i = currentIndex();
    if (i < 0)
        return tr("%n user(s) in this order; Next starts with the first.", nullptr, n);
    const api::RankedUser& u = m_ranking.users[static_cast<std::size_t>(i)];
    auto score = [](double v) { return std::isnan(v) ? QStringLiteral("–") : QString::number(v, 'f', 3); };
    if (std::isnan(u.gap))
        return tr("User %1: stored F1 %2 (%3 of %4).").arg(m_user, score(u.score)).arg(i + 1).arg(n);
    return tr("User %1: stored F1 %2 against %3 (%4 of %5).").arg(m_user, score(u.score), score(u.otherScore)).arg(i + 1).arg(n);
}

void ErrorBrowserBar::step(int delta)
{
    const int n = static_cast<int>(m_ranking.users.size());
    if (n == 0)
        return;
    const int i = currentIndex();
    const int to = i < 0 ? (delta > 0 ? 0 : n - 1) : (i + delta + n) % n;
    emit userRequested(QString::fromStdString(m_ranking.users[static_cast<std::size_t>(to)].user));
}

void ErrorBrowserBar::next()
{
    step(1);
}

void ErrorBrowserBar::previous()
{
    step(-1);
}

} // namespace persona::ui
