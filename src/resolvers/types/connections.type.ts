import { Alert } from '../../entities/alert.entity';
import { Incident } from '../../entities/incident.entity';
import { Mention } from '../../entities/mention.entity';
import { Organization } from '../../entities/organization.entity';
import { Connection } from './connection.type';

export const OrganizationConnection = Connection('Organization', Organization);
export const AlertConnection = Connection('Alert', Alert);
export const IncidentConnection = Connection('Incident', Incident);
export const MentionConnection = Connection('Mention', Mention);
