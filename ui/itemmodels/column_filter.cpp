#include "ui/itemmodels/column_filter.h"


#include <QRegularExpression>

namespace persona::ui {

ColumnFilterProxy::ColumnFilterProxy(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(kSortRole);
    setRecursiveFilteringEnabled(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void ColumnFilterProxy::setFilterText(const QString& text)
{
    m_text = text;
    m_terms.clear();
    static const QRegularExpression compare(QStringLiteral("^([^=<>]+)([=<>])(.*)$"));
    for (const QString& word : text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
        const QRegularExpressionMatch m = compare.match(word);
        if (m.hasMatch())
            m_terms.append({m.captured(1), m.captured(2).at(0), m.captured(3)});
        else
            m_terms.append({QString(), QChar(), word});
    }
    invalidateFilter();
}

int ColumnFilterProxy::columnFor(const QString& name) const
{
    const QAbstractItemModel* model = sourceModel();
    if (!model)
        return -1;
    int suffixMatch = -1;
    for (int c = 0; c < model->columnCount(); ++c) {
        const QString header = model->headerData(c, Qt::Horizontal).toString();
        if (header.compare(name, Qt::CaseInsensitive) == 0)
            return c;
        if (suffixMatch < 0 && header.endsWith(QLatin1Char('.') + name, Qt::CaseInsensitive))
            suffixMatch = c;
    }
    return suffixMatch;
}

QStringList ColumnFilterProxy::unknownColumns() const
{
    QStringList unknown;
    for (const Term& t : m_terms)
        if (!t.column.isEmpty() && columnFor(t.column) < 0)
            unknown << t.column;
    return unknown;
}

bool ColumnFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QAbstractItemModel* model = sourceModel();
    // A group row stays for its runs (recursive filtering keeps the parent of a kept child), not
    // for its own summary text.
    if (!m_terms.isEmpty() && !sourceParent.isValid() && model->hasChildren(model->index(sourceRow, 0)))
        return false;
    for (const Term& t : m_terms) {
        bool ok = false;
        if (t.column.isEmpty()) {
            for (int c = 0; c < model->columnCount() && !ok; ++c)
                ok = model->index(sourceRow, c, sourceParent).data().toString().contains(t.value, Qt::CaseInsensitive);
        } else if (const int c = columnFor(t.column); c >= 0) {
            const QModelIndex index = model->index(sourceRow, c, sourceParent);
            if (t.op == QLatin1Char('=')) {
                ok = index.data().toString().compare(t.value, Qt::CaseInsensitive) == 0;
            } else {
                bool isNumber = false;
                const double bound = t.value.toDouble(&isNumber);
                const QVariant v = index.data(kSortRole);
                if (isNumber && v.isValid()) {
                    const double x = v.toDouble();
                    ok = t.op == QLatin1Char('<') ? x < bound : x > bound;
                }
            }
        }
        if (!ok)
            return false;
    }
    return true;
}

} // namespace persona::ui
