import { App, AppProps } from 'cdk8s';
import { BookinfoAmbientChart } from './chart';

/** The ambient Bookinfo example as an app: one chart, `bookinfo`. */
export function bookinfoAmbientApp(props: AppProps = {}): App {
  const app = new App(props);
  new BookinfoAmbientChart(app, 'bookinfo');
  return app;
}
