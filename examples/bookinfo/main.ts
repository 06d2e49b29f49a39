import { App } from 'cdk8s';
import { BookinfoChart } from './chart';

const app = new App();
new BookinfoChart(app, 'bookinfo');
app.synth();
