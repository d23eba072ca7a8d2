/** Opens the 1fichier output channel. */
import type { CommandModule } from '../services';

export const showLog: CommandModule = {
  id: 'onefichier.showLog',
  action: 'Show log',
  run(services) {
    services.log.show();
  },
};
