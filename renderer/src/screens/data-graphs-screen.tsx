import { useWorkbench } from '../store/store.ts';
import { ScreenHeader, Tabs } from '../components/ui.tsx';
import { IndividualsTab } from './data/individuals-tab.tsx';
import { ItemsTab } from './data/items-tab.tsx';
import { ImportWizard } from './data/import-wizard.tsx';

type Tab = 'individuals' | 'items' | 'import';

/** Data graphs: unified individuals with their profile graph, items, and the import wizard. */
export function DataGraphsScreen() {
  const route = useWorkbench((s) => s.route);
  const navigate = useWorkbench((s) => s.navigate);
  const info = useWorkbench((s) => s.info);
  const dataSpace = useWorkbench((s) => s.dataSpace);
  const tab: Tab = route.params.tab === 'items' || route.params.tab === 'import' ? route.params.tab : 'individuals';
  const space = info?.dataSpaces.find((s) => s.apiName === dataSpace);
  return (
    <div data-testid="data-graphs-screen">
      <ScreenHeader
        title="Data graphs"
        subtitle="The profile data graph (Unified Individuals with engagement, segments and calculated insights) and the item data graph."
      />
      <Tabs<Tab>
        label="Data graphs"
        value={tab}
        onChange={(t) => navigate('data', { tab: t })}
        tabs={[
          { id: 'individuals', label: `Individuals${space ? ` (${space.individuals.toLocaleString('en-US')})` : ''}` },
          { id: 'items', label: `Items${space ? ` (${space.items.toLocaleString('en-US')})` : ''}` },
          { id: 'import', label: 'Import' },
        ]}
      />
      {tab === 'individuals' ? <IndividualsTab /> : tab === 'items' ? <ItemsTab /> : <ImportWizard />}
    </div>
  );
}
