"""shops, order imports and monthly sales

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('shop',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('station_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('updated_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clock', sqlmodel.sql.sqltypes.AutoString(), server_default='{}', nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('farmer_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('platform', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('shop_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('platform_shop_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=True),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.ForeignKeyConstraint(['farmer_id'], ['farmer.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('shop', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shop_farmer_id'), ['farmer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shop_station_id'), ['station_id'], unique=False)

    op.create_table('import_batch',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('station_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('updated_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clock', sqlmodel.sql.sqltypes.AutoString(), server_default='{}', nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('shop_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('file_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('mapping_id', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('rows_total', sa.Integer(), nullable=False),
    sa.Column('rows_imported', sa.Integer(), nullable=False),
    sa.Column('rows_duplicate', sa.Integer(), nullable=False),
    sa.Column('rows_error', sa.Integer(), nullable=False),
    sa.Column('imported_by', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('imported_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['shop_id'], ['shop.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_batch_shop_id'), ['shop_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_batch_station_id'), ['station_id'], unique=False)

    op.create_table('monthly_sales',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('station_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('updated_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clock', sqlmodel.sql.sqltypes.AutoString(), server_default='{}', nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('shop_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('orders', sa.Integer(), nullable=False),
    sa.Column('gmv_fen', sa.Integer(), nullable=False),
    sa.Column('refunds_fen', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['shop_id'], ['shop.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('shop_id', 'month', name='uq_monthly_sales_shop_month')
    )
    with op.batch_alter_table('monthly_sales', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monthly_sales_shop_id'), ['shop_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monthly_sales_station_id'), ['station_id'], unique=False)

    op.create_table('sales_order',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('station_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('created_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('updated_hlc', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('field_clock', sqlmodel.sql.sqltypes.AutoString(), server_default='{}', nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('shop_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('order_no', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('ordered_at', sa.DateTime(), nullable=False),
    sa.Column('product', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('buyer_key', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('shipped_at', sa.DateTime(), nullable=True),
    sa.Column('signed_at', sa.DateTime(), nullable=True),
    sa.Column('settled_at', sa.DateTime(), nullable=True),
    sa.Column('after_sale', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('after_sale_requested_at', sa.DateTime(), nullable=True),
    sa.Column('after_sale_responded_at', sa.DateTime(), nullable=True),
    sa.Column('refund_fen', sa.Integer(), nullable=False),
    sa.Column('import_batch_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.ForeignKeyConstraint(['import_batch_id'], ['import_batch.id'], ),
    sa.ForeignKeyConstraint(['shop_id'], ['shop.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('shop_id', 'order_no', name='uq_sales_order_shop_order_no')
    )
    with op.batch_alter_table('sales_order', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sales_order_import_batch_id'), ['import_batch_id'], unique=False)
        batch_op.create_index('ix_sales_order_shop_time', ['shop_id', 'ordered_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_sales_order_station_id'), ['station_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('sales_order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sales_order_station_id'))
        batch_op.drop_index('ix_sales_order_shop_time')
        batch_op.drop_index(batch_op.f('ix_sales_order_import_batch_id'))

    op.drop_table('sales_order')
    with op.batch_alter_table('monthly_sales', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monthly_sales_station_id'))
        batch_op.drop_index(batch_op.f('ix_monthly_sales_shop_id'))

    op.drop_table('monthly_sales')
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_batch_station_id'))
        batch_op.drop_index(batch_op.f('ix_import_batch_shop_id'))

    op.drop_table('import_batch')
    with op.batch_alter_table('shop', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shop_station_id'))
        batch_op.drop_index(batch_op.f('ix_shop_farmer_id'))

    op.drop_table('shop')
