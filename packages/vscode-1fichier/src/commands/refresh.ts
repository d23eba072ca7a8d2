/** Lists a folder again (or the whole tree from the view title). */
import type { CommandModule } from '../services';
import { isFolder } from '../tree/nodes';

export const refresh: CommandModule = {
  id: 'onefichier.refresh',
  action: 'Refresh',
  run(services, arg) {
    services.tree.refresh(isFolder(arg) ? arg : undefined);
  },
};
