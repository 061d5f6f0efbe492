#include "ui/views/inspect_view.h"

#include "ui/charts/heatmap_plot.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace persona::ui {

namespace {
QByteArray csvField(const QString& text)
{
    QByteArray bytes = text.toUtf8();
    if (bytes.contains(',') || bytes.contains('"') || bytes.contains('\n') || bytes.contains('\r'))
        bytes = '"' + bytes.replace("\"", "\"\"") + '"';
    return bytes;
}
} // namespace

InspectView::InspectView(QWidget* parent)
    : QWidget(parent)
{
    m_title = new QLabel(this);
    m_title->setWordWrap(true);
    m_checkpoint = new QComboBox(this);
    m_checkpoint->setMinimumContentsLength(12);
    connect(m_checkpoint, &QComboBox::activated, this, &InspectView::checkpointChosen);
    auto* exportButton = new QPushButton(tr("Export CSV…"), this);
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export Neighbours"), QStringLiteral("neighbours.csv"),
                                                          tr("CSV files (*.csv)"));
        if (!path.isEmpty())
            exportCsv(path);
    });
    auto* top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(new QLabel(tr("Checkpoint:"), this));
    top->addWidget(m_checkpoint);
    top->addWidget(exportButton);

    m_table = new QTableWidget(0, 4, this);
    m_table->setHorizontalHeaderLabels({tr("Token"), tr("Rank"), tr("Neighbour"), tr("Cosine")});
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_heatmap = new HeatmapPlot(this);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_heatmap);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    clear(tr("Train a PERSOMA run to see its soft-prompt tokens and their nearest vocabulary tokens. "
             "The trainer is not connected to the workbench yet."));
}

void InspectView::setCheckpoints(const QStringList& labels)
{
    m_checkpoint->clear();
    m_checkpoint->addItems(labels);
    m_checkpoint->setCurrentIndex(labels.isEmpty() ? -1 : int(labels.size()) - 1);
}

void InspectView::setNeighbours(const QString& title, const QVector<TokenNeighbours>& neighbours)
{
    m_neighbours = neighbours;
    m_title->setText(title);
    int rows = 0;
    qsizetype k = 0;
    for (const TokenNeighbours& n : neighbours) {
        rows += int(n.words.size());
        k = std::max(k, n.words.size());
    }
    m_table->setRowCount(rows);
    int row = 0;
    QStringList tokenLabels, rankLabels;
    QVector<double> values;
    for (const TokenNeighbours& n : neighbours) {
        tokenLabels << tr("p%1").arg(n.token);
        for (qsizetype r = 0; r < k; ++r) {
            values << (r < n.cosines.size() ? n.cosines[r] : 0.0);
            if (r >= n.words.size())
                continue;
            m_table->setItem(row, 0, new QTableWidgetItem(tr("p%1").arg(n.token)));
            m_table->setItem(row, 1, new QTableWidgetItem(QString::number(r + 1)));
            m_table->setItem(row, 2, new QTableWidgetItem(n.words[r]));
            m_table->setItem(row, 3, new QTableWidgetItem(QString::number(n.cosines.value(r), 'f', 4)));
            ++row;
        }
    }
    for (qsizetype r = 0; r < k; ++r)
        rankLabels << QString::number(r + 1);
    m_heatmap->setMatrix(tokenLabels, rankLabels, values);
    m_table->resizeColumnsToContents();
}

void InspectView::clear(const QString& reason)
{
    m_neighbours.clear();
    m_title->setText(reason);
    m_table->setRowCount(0);
    m_heatmap->clearMatrix();
}

bool InspectView::exportCsv(const QString& path)
{
    QByteArray csv = "token,rank,neighbour,cosine\n";
    for (const TokenNeighbours& n : m_neighbours)
        for (qsizetype r = 0; r < n.words.size(); ++r)
            csv += QByteArray::number(n.token) + ',' + QByteArray::number(r + 1) + ',' + csvField(n.words[r]) + ','
                   + QByteArray::number(n.cosines.value(r), 'g', 8) + '\n';
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(csv) != csv.size()) {
        emit errorOccurred(tr("Cannot export the neighbours"),
                           tr("Could not write %1: %2. Choose a folder you can write to.")
                               .arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    return true;
}

} // namespace persona::ui
